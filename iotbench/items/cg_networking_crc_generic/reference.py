def _reflect(value, nbits):
    """Reverse the order of the lowest `nbits` bits of value."""
    out = 0
    for _ in range(nbits):
        out = (out << 1) | (value & 1)
        value >>= 1
    return out


def crc_generic(data, width, poly, init, refin, refout, xorout):
    """Bit-by-bit CRC in the Rocksoft/Williams parameter model; works for any width 1..64."""
    if not 1 <= width <= 64:
        raise ValueError("width must be between 1 and 64")
    limit = 1 << width
    for name, value in (("poly", poly), ("init", init), ("xorout", xorout)):
        if not 0 <= value < limit:
            raise ValueError(f"{name} does not fit into {width} bits")
    mask = limit - 1
    top_bit = limit >> 1                     # the register's highest bit
    crc = init
    for byte in bytes(data):
        if refin:
            byte = _reflect(byte, 8)
        for i in range(7, -1, -1):           # most significant bit first
            feedback = bool(crc & top_bit) ^ ((byte >> i) & 1)
            crc <<= 1
            if feedback:
                crc ^= poly
            crc &= mask                       # drop the bit shifted out of the register
    if refout:
        crc = _reflect(crc, width)
    return crc ^ xorout
