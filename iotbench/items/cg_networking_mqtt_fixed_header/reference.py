FIXED_FLAGS_0010 = {6, 8, 10}   # PUBREL, SUBSCRIBE, UNSUBSCRIBE
PUBLISH = 3


def decode_mqtt_fixed_header(data):
    """Return (packet_type, flags, remaining_length, header_length) of an MQTT 3.1.1 packet."""
    if not data:
        raise ValueError("no data")
    packet_type, flags = data[0] >> 4, data[0] & 0x0F
    if packet_type in (0, 15):
        raise ValueError(f"reserved packet type {packet_type}")
    if packet_type == PUBLISH:
        if (flags >> 1) & 0x3 == 3:
            raise ValueError("PUBLISH with QoS 3")
    elif packet_type in FIXED_FLAGS_0010:
        if flags != 0b0010:
            raise ValueError("flags must be 0010 for this packet type")
    elif flags != 0:
        raise ValueError("flags must be 0000 for this packet type")

    # Variable-length integer: 7 bits per byte, least significant group first.
    value = 0
    for k in range(4):
        pos = 1 + k
        if pos >= len(data):
            raise ValueError("incomplete remaining length")
        byte = data[pos]
        value |= (byte & 0x7F) << (7 * k)
        if not byte & 0x80:
            return packet_type, flags, value, pos + 1
    raise ValueError("remaining length longer than 4 bytes")
