"""MQTT 3.1.1 receiver, fed with the broker-to-client byte stream of each connection of a
persistent session: packets are reassembled across reads (fixed header with a 1-4 byte
remaining length), unfinished packets at a connection's end are discarded, and PUBLISH packets
are delivered following the receiver rules of the standard: QoS 0 and QoS 1 on every arrival,
QoS 2 once per packet identifier until the PUBREL for that identifier releases it. The set of
unreleased QoS 2 identifiers is session state and survives reconnection."""


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
                    raise ValueError("malformed remaining length")
                break  # the length itself is not complete yet
            if len(buf) < i + length:
                break
            yield buf[0], bytes(buf[i:i + length])
            del buf[:i + length]


def mqtt_delivered_messages(connections):
    unreleased = set()
    out = []
    for reads in connections:
        for first, body in _packets(reads):
            kind = first >> 4
            if kind == 3:
                qos = (first >> 1) & 3
                n = int.from_bytes(body[:2], "big")
                topic = body[2:2 + n].decode("utf-8")
                pos = 2 + n
                pid = None
                if qos:
                    pid = int.from_bytes(body[pos:pos + 2], "big")
                    pos += 2
                msg = {"topic": topic, "payload": body[pos:], "qos": qos,
                       "retain": bool(first & 1), "packet_id": pid}
                if qos == 2:
                    if pid in unreleased:
                        continue
                    unreleased.add(pid)
                out.append(msg)
            elif kind == 6:
                unreleased.discard(int.from_bytes(body[:2], "big"))
    return out
