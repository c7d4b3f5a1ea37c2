"""Table-driven decoder: the PDU is split with struct, AD structures are collected into a
type -> values map by a recursive walk, and each beacon format is a small unpack layout tried
against the matching AD type. Extended advertising PDUs (type 0b0111) are opened with a table of
the extended header's optional fields (Core Spec 5.x, Common Extended Advertising Payload
Format)."""
import struct

CARRIES_ADV_DATA = (0b0000, 0b0010, 0b0100, 0b0110)  # ADV_IND, NONCONN, SCAN_RSP, SCAN_IND
EXTENDED = 0b0111
# extended header: (flag mask, field name, size) in the order the fields appear
OPTIONAL_FIELDS = ((0x01, "AdvA", 6), (0x02, "TargetA", 6), (0x04, "CTEInfo", 1),
                   (0x08, "ADI", 2), (0x10, "AuxPtr", 3), (0x20, "SyncInfo", 18),
                   (0x40, "TxPower", 1))


class Malformed(Exception):
    pass


def _walk(data, found):
    if not data or data[0] == 0:  # end, or early termination followed by padding
        return found
    n = data[0]
    if n + 1 > len(data):
        raise Malformed
    found.append((data[1], bytes(data[2:n + 1])))
    return _walk(data[n + 1:], found)


def _ibeacon(value):
    if len(value) != 25:
        raise Malformed
    _company, _kind, _len, uuid, major, minor, power = struct.unpack(">HBB16sHHb", value)
    h = uuid.hex()
    return {"frame": "ibeacon", "uuid": "-".join([h[0:8], h[8:12], h[12:16], h[16:20], h[20:32]]),
            "major": major, "minor": minor, "power_at_1m": power}


def _eddystone(frame):
    if frame[0] == 0x00:
        if len(frame) == 18:
            frame = frame + b"\x00\x00"
        if len(frame) != 20:
            raise Malformed
        _t, tx_0m, ns, inst, _rfu = struct.unpack(">Bb10s6s2s", frame)
        # Eddystone ranging data is the power at 0 m; 1 m is 41 dB further down the path loss
        return {"frame": "eddystone_uid", "namespace": ns.hex(), "instance": inst.hex(),
                "power_at_1m": tx_0m - 41}
    if frame[0] == 0x20 and len(frame) > 1 and frame[1] == 0:
        if len(frame) != 14:
            raise Malformed
        _t, _v, mv, temp, adv, sec = struct.unpack(">BBHhII", frame)
        return {"frame": "eddystone_tlm", "battery_mv": mv if mv != 0 else None,
                "temperature_c": temp / 256.0 if temp != -32768 else None,
                "adv_count": adv, "uptime_s": sec * 0.1}
    return None


def _split_extended(payload):
    """AdvA and AdvData of an extended PDU (raises Malformed if it has neither)."""
    if len(payload) < 2:
        raise Malformed
    (first,) = struct.unpack_from("<B", payload)
    ext_len = first & 0b111111
    header, adv_data = payload[1:1 + ext_len], payload[1 + ext_len:]
    if len(header) != ext_len or not header or not adv_data:
        raise Malformed
    fields, offset = {}, 1
    for mask, name, size in OPTIONAL_FIELDS:
        if header[0] & mask:
            fields[name] = header[offset:offset + size]
            offset += size
    if offset > ext_len or "AdvA" not in fields:
        raise Malformed
    return fields["AdvA"], adv_data


def decode_beacons(packets):
    result = []
    for index, raw in enumerate(packets):
        raw = bytes(raw)
        if len(raw) < 5:
            continue
        head, size = struct.unpack_from("<BB", raw)
        if len(raw) - 5 < size:
            continue
        try:
            if head & 0x0F == EXTENDED:
                adv_a, adv_data = _split_extended(raw[2:2 + size])
            elif (head & 0x0F) in CARRIES_ADV_DATA and size >= 6:
                adv_a, adv_data = raw[2:8], raw[8:2 + size]
            else:
                continue
            structures = _walk(adv_data, [])
            fields = None
            for ad_type, value in structures:
                if ad_type == 0xFF and value.startswith(bytes([0x4C, 0x00, 0x02, 0x15])):
                    fields = _ibeacon(value)
                elif ad_type == 0x16 and len(value) > 2 and value[:2] == bytes([0xAA, 0xFE]):
                    fields = _eddystone(value[2:])
                if fields:
                    break
        except (Malformed, struct.error):
            continue
        if fields:
            result.append({"index": index,
                           "address": ":".join("%02X" % b for b in reversed(adv_a)),
                           "address_type": ("public", "random")[head >> 6 & 1], **fields})
    return result
