"""Careful legacy decoder (the v1 reference): PDU header, AdvA order, early termination, Apple
company ID, Eddystone 0 m calibration, TLM encodings; it reads only the legacy advertising PDUs
(ADV_IND, ADV_NONCONN_IND, ADV_SCAN_IND, SCAN_RSP)."""

ADV_DATA_PDUS = {0, 2, 4, 6}
ONE_METRE_LOSS_DB = 41


def _s8(b):
    return b - 256 if b > 127 else b


def _structures(data):
    out, i = [], 0
    while i < len(data):
        length = data[i]
        if length == 0:  # early termination: the rest is padding
            break
        if i + 1 + length > len(data):
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


def decode_beacons(packets):
    frames = []
    for index, packet in enumerate(packets):
        packet = bytes(packet)
        if len(packet) < 2 + 3:
            continue
        pdu_type, txadd, length = packet[0] & 0x0F, packet[0] >> 6 & 1, packet[1]
        if 2 + length + 3 > len(packet) or pdu_type not in ADV_DATA_PDUS or length < 6:
            continue
        payload = packet[2:2 + length]
        structures = _structures(payload[6:])
        if structures is None:
            continue
        fields, malformed = _frame(structures)
        if fields is None or malformed:
            continue
        entry = {"index": index, "address": ":".join(f"{b:02X}" for b in payload[5::-1]),
                 "address_type": "random" if txadd else "public"}
        entry.update(fields)
        frames.append(entry)
    return frames
