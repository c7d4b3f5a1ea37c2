"""The standard's receiver rules, but the QoS 2 identifiers awaiting PUBREL are kept across
every reconnection, whatever the CONNACK says."""



class _Malformed(Exception):
    pass


def _packets(reads):
    """Complete (first byte, body) packets of one connection; a cut packet at the end is lost."""
    buf = bytearray()
    for chunk in reads:
        buf += chunk
        while len(buf) >= 2:
            length, i = 0, 1
            while i < len(buf) and i <= 4:
                length |= (buf[i] & 0x7F) << (7 * (i - 1))
                i += 1
                if not buf[i - 1] & 0x80:
                    break
            else:
                if i > 4:
                    raise _Malformed("remaining length longer than 4 bytes")
                break  # the length itself is not complete yet
            if len(buf) < i + length:
                break
            yield buf[0], bytes(buf[i:i + length])
            del buf[:i + length]


def _publish(first, body):
    qos = (first >> 1) & 3
    if qos == 3 or len(body) < 2:
        raise _Malformed("QoS 3 or no topic")
    n = int.from_bytes(body[:2], "big")
    try:
        topic = body[2:2 + n].decode("utf-8")
    except UnicodeDecodeError:
        raise _Malformed("topic is not UTF-8") from None
    if len(body) < 2 + n + (2 if qos else 0) or not topic or set(topic) & {"\0", "+", "#"}:
        raise _Malformed("bad topic name")
    pos = 2 + n
    pid = None
    if qos:
        pid = int.from_bytes(body[pos:pos + 2], "big")
        pos += 2
    return {"topic": topic, "payload": body[pos:], "qos": qos, "retain": bool(first & 1),
            "packet_id": pid}


def mqtt_delivered_messages(connections):
    unreleased = set()
    out = []
    for reads in connections:
        try:
            for first, body in _packets(reads):
                kind = first >> 4
                if kind == 3:
                    msg = _publish(first, body)
                    if msg["qos"] == 2:
                        if msg["packet_id"] in unreleased:
                            continue
                        unreleased.add(msg["packet_id"])
                    out.append(msg)
                elif kind == 6:
                    unreleased.discard(int.from_bytes(body[:2], "big"))
        except _Malformed:
            continue  # the client closed this connection
    return out
