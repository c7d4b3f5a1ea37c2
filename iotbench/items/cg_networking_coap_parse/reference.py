def parse_coap(data):
    """Parse a CoAP datagram: header, token, options (delta-encoded) and payload."""
    if len(data) < 4:
        raise ValueError("datagram shorter than the 4-byte header")
    version, mtype, tkl = data[0] >> 6, (data[0] >> 4) & 0x3, data[0] & 0x0F
    if version != 1:
        raise ValueError(f"unsupported CoAP version {version}")
    if tkl > 8:
        raise ValueError("token length 9-15 is reserved")
    code = f"{data[1] >> 5}.{data[1] & 0x1F:02d}"
    message_id = int.from_bytes(data[2:4], "big")
    if data[1] == 0 and len(data) != 4:
        raise ValueError("an Empty message must be exactly 4 bytes")
    pos = 4 + tkl
    if pos > len(data):
        raise ValueError("truncated token")
    token = data[4:pos]

    def extended(nibble):
        """Resolve a delta/length nibble, consuming its extended bytes at `pos`."""
        nonlocal pos
        if nibble < 13:
            return nibble
        if nibble == 15:
            raise ValueError("option nibble 15 is reserved")
        size, offset = (1, 13) if nibble == 13 else (2, 269)
        # A truncated extended field leaves pos beyond the end of the datagram, which the
        # option-value check below reports.
        value = int.from_bytes(data[pos:pos + size], "big") + offset
        pos += size
        return value

    options, number, payload = [], 0, b""
    while pos < len(data):
        head = data[pos]
        pos += 1
        if head == 0xFF:
            payload = data[pos:]
            if not payload:
                raise ValueError("payload marker without payload")
            break
        delta = extended(head >> 4)
        length = extended(head & 0x0F)
        if pos + length > len(data):
            raise ValueError("truncated option value")
        number += delta
        options.append((number, data[pos:pos + length]))
        pos += length
    return {"version": version, "type": mtype, "code": code, "message_id": message_id,
            "token": token, "options": options, "payload": payload}
