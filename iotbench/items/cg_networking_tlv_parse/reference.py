def parse_tlv(data, type_size=1, length_size=1, byteorder="big"):
    """Split consecutive type-length-value records."""
    if type_size not in (1, 2, 4) or length_size not in (1, 2, 4):
        raise ValueError("field sizes must be 1, 2 or 4 bytes")
    if byteorder not in ("big", "little"):
        raise ValueError("byteorder must be 'big' or 'little'")
    records = []
    pos = 0
    header = type_size + length_size
    while pos < len(data):
        rtype = int.from_bytes(data[pos:pos + type_size], byteorder)
        length = int.from_bytes(data[pos + type_size:pos + header], byteorder)
        start = pos + header
        # (a truncated header also ends up here: start already lies beyond the data)
        if start + length > len(data):
            raise ValueError(f"truncated TLV record at offset {pos}")
        records.append((rtype, data[start:start + length]))
        pos = start + length
    return records
