"""Decoder that walks every AD structure to the end of the advertising data, treating a zero
length byte like any other structure (and a packet it cannot walk as malformed)."""

ADV_DATA_PDUS = {0, 2, 4, 6}
EXTENDED_PDU = 7
# extended header fields in flag-bit order, with their sizes in bytes
EXT_FIELDS = [(0, 6), (1, 6), (2, 1), (3, 2), (4, 3), (5, 18), (6, 1)]
ONE_METRE_LOSS_DB = 41


def _s8(b):
    return b - 256 if b > 127 else b


def _structures(data):
    out, i = [], 0
    while i < len(data):
        length = data[i]
        if i + 1 + length > len(data) or i + 1 >= len(data):
            return None
        out.append((data[i + 1], data[i + 2:i + 1 + length]))
        i += 1 + length
    return out


def _frame(structures):
    """(fields, malformed) for the first beacon frame among the AD structures."""
    for ad_type, value in structures:
        if ad_type == 0xFF and value[:4] == b"\x4c\x00\x02\x15":
            if len(value) != 25:
                return None, True
            u = value[4:20].hex()
            return {"frame": "ibeacon", "uuid": f"{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}",
                    "major": int.from_bytes(value[20:22], "big"),
                    "minor": int.from_bytes(value[22:24], "big"),
                    "power_at_1m": _s8(value[24])}, False
        if ad_type == 0x16 and value[:2] == b"\xaa\xfe" and len(value) >= 3:
            frame = value[2:]
            if frame[0] == 0x00:
                if len(frame) not in (18, 20):
                    return None, True
                return {"frame": "eddystone_uid", "namespace": frame[2:12].hex(),
                        "instance": frame[12:18].hex(),
                        "power_at_1m": _s8(frame[1]) - ONE_METRE_LOSS_DB}, False
            if frame[0] == 0x20 and len(frame) >= 2 and frame[1] == 0x00:
                if len(frame) != 14:
                    return None, True
                batt = int.from_bytes(frame[2:4], "big")
                raw_t = int.from_bytes(frame[4:6], "big", signed=True)
                return {"frame": "eddystone_tlm", "battery_mv": batt or None,
                        "temperature_c": None if raw_t == -0x8000 else raw_t / 256.0,
                        "adv_count": int.from_bytes(frame[6:10], "big"),
                        "uptime_s": int.from_bytes(frame[10:14], "big") / 10.0}, False
    return None, False


def _extended(payload):
    """(AdvA, AdvData) of an extended advertising PDU; None when it has no AdvA or no
    advertising data, or its extended header does not fit."""
    if not payload:
        return None
    header_len = payload[0] & 0x3F
    if 1 + header_len > len(payload) or header_len == 0:
        return None
    flags = payload[1]
    pos, adv_a = 2, None
    for bit, size in EXT_FIELDS:
        if flags >> bit & 1:
            if bit == 0:
                adv_a = payload[pos:pos + 6]
            pos += size
    if pos > 1 + header_len or adv_a is None:
        return None
    data = payload[1 + header_len:]
    return (adv_a, data) if data else None


def decode_beacons(packets):
    frames = []
    for index, packet in enumerate(packets):
        packet = bytes(packet)
        if len(packet) < 2 + 3:
            continue
        pdu_type, txadd, length = packet[0] & 0x0F, packet[0] >> 6 & 1, packet[1]
        if 2 + length + 3 > len(packet):
            continue
        payload = packet[2:2 + length]
        if pdu_type in ADV_DATA_PDUS and length >= 6:
            adv_a, data = payload[:6], payload[6:]
        elif pdu_type == EXTENDED_PDU and _extended(payload):
            adv_a, data = _extended(payload)
        else:
            continue
        structures = _structures(data)
        if structures is None:
            continue
        fields, malformed = _frame(structures)
        if fields is None or malformed:
            continue
        entry = {"index": index, "address": ":".join(f"{b:02X}" for b in adv_a[::-1]),
                 "address_type": "random" if txadd else "public"}
        entry.update(fields)
        frames.append(entry)
    return frames
