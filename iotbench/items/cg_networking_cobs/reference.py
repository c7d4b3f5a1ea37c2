def cobs_encode(data):
    """Canonical COBS encoding (without the trailing 0x00 delimiter)."""
    out = bytearray()
    block = bytearray()          # non-zero bytes of the current block
    ended_full = False           # True right after a 254-byte (code 0xFF) block
    for byte in bytes(data):
        ended_full = False
        if byte == 0:
            out.append(len(block) + 1)       # code = data bytes + 1; implies a zero
            out += block
            block.clear()
        else:
            block.append(byte)
            if len(block) == 254:            # longest block: code 0xFF, no implied zero
                out.append(0xFF)
                out += block
                block.clear()
                ended_full = True
    if not ended_full:
        out.append(len(block) + 1)           # the end of data acts as a final zero
        out += block
    return bytes(out)
