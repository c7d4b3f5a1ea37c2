def parse_advertisement(payload):
    """Split BLE AdvData into AD structures and decode flags, name, TX power and iBeacon."""
    data = bytes(payload)
    structures = []
    i = 0
    while i < len(data):
        length = data[i]
        if length == 0:          # zero length: the rest is padding
            break
        end = i + 1 + length
        if end > len(data):
            raise ValueError(f"AD structure at offset {i} runs past the end of the payload")
        structures.append((data[i + 1], data[i + 2:end]))
        i = end

    def first(ad_type):
        return next((d for t, d in structures if t == ad_type), None)

    def int8(byte):
        return byte - 256 if byte > 127 else byte

    flags = first(0x01)
    name = first(0x09)
    if name is None:
        name = first(0x08)
    tx = first(0x0A)

    ibeacon = None
    for t, d in structures:
        # Apple company ID 0x004C (little-endian), type 0x02, length 0x15 = 21 bytes follow
        if t == 0xFF and len(d) == 25 and d[:4] == b"\x4c\x00\x02\x15":
            h = d[4:20].hex()
            ibeacon = {
                "uuid": f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}",
                "major": int.from_bytes(d[20:22], "big"),
                "minor": int.from_bytes(d[22:24], "big"),
                "measured_power": int8(d[24]),
            }
            break

    return {
        "structures": structures,
        "flags": flags[0] if flags else None,
        "name": name.decode("utf-8") if name is not None else None,
        "tx_power": int8(tx[0]) if tx else None,
        "ibeacon": ibeacon,
    }
