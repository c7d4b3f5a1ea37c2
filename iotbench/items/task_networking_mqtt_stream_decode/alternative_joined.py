"""Whole-connection decoder: each connection's reads are joined into one byte string and walked
with an index (a packet that does not fit before the end is the one cut by the drop). QoS 2
exactly-once delivery is kept as a per-identifier state table of the session
('received' until PUBREL, then the identifier is free again), emptied when a CONNACK reports
that the broker holds no session. Walking a connection stops at the first packet that violates
the standard (the client closes the connection there): QoS 3, or a topic name that is not
well-formed UTF-8, is empty, or holds U+0000 or a wildcard."""

WILDCARDS_AND_NUL = ("+", "#", "\x00")


def _walk(data):
    pos, n = 0, len(data)
    while pos + 2 <= n:
        first = data[pos]
        length, k = 0, 0
        while True:
            if pos + 1 + k >= n:
                return
            byte = data[pos + 1 + k]
            length += (byte & 127) * 128 ** k
            k += 1
            if byte < 128:
                break
            if k == 4:
                raise ValueError("remaining length longer than 4 bytes")
        start = pos + 1 + k
        if start + length > n:
            return
        yield first, data[start:start + length]
        pos = start + length


def _topic(raw):
    """The topic name, or None when the standard calls it malformed."""
    try:
        topic = bytes(raw).decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        return None
    if not topic or any(c in topic for c in WILDCARDS_AND_NUL):
        return None
    return topic


def mqtt_delivered_messages(connections):
    state = {}  # QoS 2 packet identifier -> 'received' (awaiting PUBREL)
    delivered = []
    for reads in connections:
        for first, body in _walk(b"".join(bytes(r) for r in reads)):
            ptype, flags = first >> 4, first & 15
            if ptype == 2:
                if len(body) == 2 and body[0] & 1 == 0:
                    state = {}  # session not present
                continue
            if ptype == 6:
                state.pop(int.from_bytes(body[:2], "big"), None)
                continue
            if ptype != 3:
                continue
            qos = (flags >> 1) & 3
            tlen = (body[0] << 8) | body[1] if len(body) >= 2 else -1
            topic = _topic(body[2:2 + tlen]) if 0 <= tlen <= len(body) - 2 else None
            if qos == 3 or topic is None:
                break  # protocol violation: the connection is closed here
            rest = body[2 + tlen:]
            pid = None
            if qos:
                pid, rest = (rest[0] << 8) | rest[1], rest[2:]
            if qos == 2:
                if state.get(pid) == "received":
                    continue
                state[pid] = "received"
            delivered.append({"topic": topic, "payload": bytes(rest), "qos": qos,
                              "retain": bool(flags & 1), "packet_id": pid})
    return delivered
