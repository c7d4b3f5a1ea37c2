def crc16_ccitt_false(data, init=0xFFFF):
    """CRC-16/CCITT-FALSE: poly 0x1021, MSB first, no reflection, no final XOR."""
    if not 0 <= init <= 0xFFFF:
        raise ValueError("init must fit in 16 bits")
    crc = init
    for byte in bytes(data):
        crc ^= byte << 8                      # feed the byte into the top of the register
        for _ in range(8):
            # shift left; if a 1 falls out of bit 15, subtract (XOR) the polynomial
            crc = (crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc
