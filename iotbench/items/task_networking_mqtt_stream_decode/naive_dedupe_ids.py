def _decode_remaining_length(buf, start):
    """Returns (value, number of bytes) or None if incomplete."""
    value, shift = 0, 0
    for i in range(start, min(start + 4, len(buf))):
        value |= (buf[i] & 0x7F) << shift
        shift += 7
        if not buf[i] & 0x80:
            return value, i - start + 1
    if len(buf) - start >= 4:
        raise ValueError("malformed remaining length")
    return None


def mqtt_delivered_messages(connections):
    messages = []
    seen = set()  # packet identifiers already delivered (QoS 1/2 deduplication)
    for reads in connections:
        buf = b""
        for chunk in reads:
            buf += chunk
            while len(buf) >= 2:
                decoded = _decode_remaining_length(buf, 1)
                if decoded is None:
                    break
                length, nbytes = decoded
                total = 1 + nbytes + length
                if len(buf) < total:
                    break
                header, body = buf[0], buf[1 + nbytes:total]
                buf = buf[total:]
                if header >> 4 != 3:  # only PUBLISH carries application messages
                    continue
                qos = (header >> 1) & 0x03
                topic_len = int.from_bytes(body[0:2], "big")
                topic = body[2:2 + topic_len].decode("utf-8")
                offset = 2 + topic_len
                packet_id = None
                if qos > 0:
                    packet_id = int.from_bytes(body[offset:offset + 2], "big")
                    offset += 2
                if packet_id is not None:
                    if packet_id in seen:
                        continue
                    seen.add(packet_id)
                messages.append({"topic": topic, "payload": body[offset:], "qos": qos,
                                 "retain": bool(header & 0x01), "packet_id": packet_id})
    return messages
