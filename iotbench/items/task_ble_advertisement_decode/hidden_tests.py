"""Hidden tests: beacon frames decoded from a BLE sniffer capture of advertising PDUs.

Captures are drawn from the run's data seed (IOTBENCH_DATA_SEED). Tags send iBeacon,
Eddystone-UID and Eddystone-TLM frames in ADV_NONCONN_IND, ADV_IND, ADV_SCAN_IND or SCAN_RSP
PDUs or, for BLE 5 tags using extended advertising (about a third), in AUX_ADV_IND or (when
scannable) AUX_SCAN_RSP PDUs after their ADV_EXT_IND, in the Common Extended Advertising
Payload Format with AdvA, ADI and sometimes TxPower or SyncInfo (periodic advertising) in the
extended header and advertising data that may exceed 31 bytes. They come from public or random
addresses (sent least significant byte first on air), with or
without Flags / Complete List of 16-bit UUIDs / name / TX power structures around the frame;
some firmware pads its advertising data with zeros to 31 bytes (early termination). Around them:
AltBeacon, Apple Nearby/Find My data, other companies' data in the iBeacon layout,
Eddystone-URL, -EID and encrypted TLM, other service data, directed advertising, scan requests
and connection requests, other devices' extended advertising (long manufacturer data, chain
and periodic PDUs without AdvA), and malformed packets (truncated PDUs, AD structures running past the
data, beacon frames of the wrong length). Every PDU ends with 3 CRC bytes. The expected frames
are the generator's own record of what each tag sent.
"""

import os

import numpy as np

from candidate import decode_beacons

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))

ADV_IND, ADV_DIRECT_IND, ADV_NONCONN_IND, SCAN_REQ, SCAN_RSP, CONNECT_IND, ADV_SCAN_IND = (
    0, 1, 2, 3, 4, 5, 6)
EXT = 7  # ADV_EXT_IND, AUX_ADV_IND, AUX_SCAN_RSP, AUX_CHAIN_IND, AUX_SYNC_IND
EDDYSTONE = b"\xaa\xfe"


def rng(stream):
    return np.random.default_rng([SEED, stream])


def rbytes(r, n):
    return bytes(r.integers(0, 256, size=n, dtype=np.uint8).tolist())


def s8(v):
    return int(v) & 0xFF


def ad(ad_type, data):
    return bytes([len(data) + 1, ad_type]) + data


def new_address(r):
    """(wire bytes, display string, txadd)."""
    wire = rbytes(r, 6)
    txadd = int(r.random() < 0.6)
    if txadd:  # random static address: two top bits set in the most significant byte
        wire = wire[:5] + bytes([wire[5] | 0xC0])
    shown = ":".join(f"{b:02X}" for b in wire[::-1])
    return wire, shown, txadd


def pdu(r, pdu_type, txadd, payload, rxadd=0):
    chsel = int(r.random() < 0.5) if pdu_type in (ADV_IND, ADV_DIRECT_IND, CONNECT_IND) else 0
    head = bytes([pdu_type | (chsel << 5) | (txadd << 6) | (rxadd << 7), len(payload)])
    return head + payload + rbytes(r, 3)


def ext_payload(r, adv_mode, adv_a=None, adi=True, aux_ptr=False, sync=False, tx_power=None,
                acad=b"", data=b""):
    """Common Extended Advertising Payload Format: header length | AdvMode, extended header
    (flags, AdvA, ADI, AuxPtr, SyncInfo, TxPower as present, ACAD), advertising data."""
    flags, fields = 0, b""
    if adv_a is not None:
        flags, fields = flags | 0x01, fields + adv_a
    if adi:
        flags, fields = flags | 0x08, fields + rbytes(r, 2)
    if aux_ptr:  # channel index, clock accuracy, offset units, offset, PHY
        flags, fields = flags | 0x10, fields + bytes([int(r.integers(0, 37))]) + rbytes(r, 2)
    if sync:
        flags, fields = flags | 0x20, fields + rbytes(r, 18)
    if tx_power is not None:
        flags, fields = flags | 0x40, fields + bytes([s8(tx_power)])
    header = bytes([flags]) + fields + acad
    return bytes([len(header) | (adv_mode << 6)]) + header + data


def wrap_adv(r, frame_ad, extra_service_list, extended=False):
    """Advertising data around one frame AD structure (and maybe padding)."""
    if extended:  # no 31-byte limit: tags add a name and a service UUID
        parts = [ad(0x01, b"\x06")] if r.random() < 0.5 else []
        if r.random() < 0.6:
            parts.append(ad(0x07, rbytes(r, 16)))
        if extra_service_list:
            parts.append(ad(0x03, EDDYSTONE))
        parts.append(frame_ad)
        if r.random() < 0.7:
            parts.append(ad(0x09, b"Asset tag " + rbytes(r, 4).hex().upper().encode()))
        return b"".join(parts)
    parts = []
    if r.random() < 0.7:
        parts.append(ad(0x01, bytes([int(r.choice([0x04, 0x06, 0x1A]))])))
    if extra_service_list:
        parts.append(ad(0x03, EDDYSTONE))
    parts.append(frame_ad)
    data = b"".join(parts)
    if len(data) + 3 <= 31 and r.random() < 0.3:
        data += ad(0x0A, bytes([s8(r.integers(-20, 5))]))
    if r.random() < 0.3 and len(data) < 31:  # early termination, zero padding to 31 bytes
        data += bytes(31 - len(data))
    return data


def beacon_packet(r, kind, addr=None, extended=False):
    """([packets of one advertising event], index of the one with the frame, expected)."""
    wire, shown, txadd = addr or new_address(r)
    base = {"address": shown, "address_type": "random" if txadd else "public", "frame": kind}
    if kind == "ibeacon":
        uuid = rbytes(r, 16)
        major, minor = int(r.integers(0, 65536)), int(r.integers(0, 65536))
        power = int(r.integers(-80, -50))
        frame = ad(0xFF, b"\x4c\x00\x02\x15" + uuid + major.to_bytes(2, "big")
                   + minor.to_bytes(2, "big") + bytes([s8(power)]))
        h = uuid.hex()
        base.update(uuid=f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}", major=major,
                    minor=minor, power_at_1m=power)
        data = wrap_adv(r, frame, False, extended)
    elif kind == "eddystone_uid":
        ns, inst = rbytes(r, 10), rbytes(r, 6)
        tx0 = int(r.integers(-35, -5))
        frame = ad(0x16, EDDYSTONE + bytes([0x00, s8(tx0)]) + ns + inst + b"\x00\x00")
        base.update(namespace=ns.hex(), instance=inst.hex(), power_at_1m=tx0 - 41)
        data = wrap_adv(r, frame, r.random() < 0.8, extended)
    else:
        batt = int(r.integers(2000, 3300)) if r.random() < 0.8 else 0
        if r.random() < 0.8:
            raw_t = int(r.integers(-25 * 256, 45 * 256))
            temp = raw_t / 256.0
        else:
            raw_t, temp = -0x8000, None
        adv_cnt = int(r.integers(0, 2**32)) if r.random() < 0.3 else int(r.integers(0, 10**7))
        sec_cnt = int(r.integers(0, 2**31)) if r.random() < 0.3 else int(r.integers(0, 10**8))
        frame = ad(0x16, EDDYSTONE + bytes([0x20, 0x00]) + batt.to_bytes(2, "big")
                   + (raw_t & 0xFFFF).to_bytes(2, "big") + adv_cnt.to_bytes(4, "big")
                   + sec_cnt.to_bytes(4, "big"))
        base.update(battery_mv=batt if batt else None, temperature_c=temp, adv_count=adv_cnt,
                    uptime_s=sec_cnt / 10.0)
        data = wrap_adv(r, frame, r.random() < 0.8, extended)
    if not extended:
        pdu_type = int(r.choice([ADV_NONCONN_IND, ADV_NONCONN_IND, ADV_IND, ADV_SCAN_IND,
                                 SCAN_RSP]))
        return [pdu(r, pdu_type, txadd, wire + data)], 0, base
    mode = int(r.choice([0, 0, 0, 1, 2]))  # non-connectable, connectable, scannable
    power = int(r.integers(-20, 9)) if r.random() < 0.5 else None
    event = [pdu(r, EXT, 0, ext_payload(r, mode, aux_ptr=True,
                                        tx_power=power if r.random() < 0.5 else None))]
    if mode == 2:  # scannable: the data come in the scan response to a scanner's request
        event.append(pdu(r, EXT, txadd, ext_payload(r, mode, wire, tx_power=power)))
        event.append(pdu(r, EXT, txadd, ext_payload(r, 0, wire, adi=r.random() < 0.5,
                                                    tx_power=power, data=data)))
    else:
        sync = mode == 0 and r.random() < 0.25  # also runs periodic advertising
        event.append(pdu(r, EXT, txadd, ext_payload(r, mode, wire, sync=sync, tx_power=power,
                                                    data=data)))
    return event, len(event) - 1, base


def other_packets(r):
    """Packets that carry no requested frame (but are well formed)."""
    wire, _shown, txadd = new_address(r)
    kind = int(r.integers(0, 16))
    if kind >= 12:
        return other_extended(r, kind, wire, txadd)
    return [other_packet(r, kind, wire, txadd)]


def other_extended(r, kind, wire, txadd):
    """Other devices' extended advertising."""
    if kind == 12:  # a phone or headset: long manufacturer data and a name, ADV_EXT_IND first
        company = int(r.choice([0x0006, 0x0075, 0x00E0, 0x0059]))
        data = ad(0x01, b"\x1a") + ad(0xFF, company.to_bytes(2, "little")
                                       + rbytes(r, int(r.integers(20, 60)))) + ad(
            0x09, b"Device " + rbytes(r, 3).hex().encode())
        mode = int(r.choice([0, 1]))
        return [pdu(r, EXT, 0, ext_payload(r, mode, aux_ptr=True)),
                pdu(r, EXT, txadd, ext_payload(r, mode, wire, tx_power=int(r.integers(-20, 9)),
                                               data=data))]
    if kind == 13:  # AUX_CHAIN_IND: the continuation of someone's long data, no AdvA
        return [pdu(r, EXT, 0, ext_payload(r, 0, None, data=rbytes(r, int(r.integers(20, 120)))))]
    if kind == 14:  # AUX_SYNC_IND of a periodic advertising train (no AdvA), sensor data
        data = ad(0xFF, b"\x59\x00" + rbytes(r, int(r.integers(8, 40))))
        return [pdu(r, EXT, 0, ext_payload(r, 0, None, adi=False, data=data))]
    # ADV_EXT_IND with AdvA and no auxiliary packet: an address, no advertising data
    return [pdu(r, EXT, txadd, ext_payload(r, 0, wire, adi=False))]


def other_packet(r, kind, wire, txadd):
    if kind == 0:  # AltBeacon
        data = ad(0x01, b"\x06") + ad(0xFF, rbytes(r, 2) + b"\xbe\xac" + rbytes(r, 20)
                                       + bytes([s8(r.integers(-80, -50)), 0]))
    elif kind == 1:  # another company's data in the iBeacon layout
        company = int(r.choice([0x0059, 0x0075, 0x0006, 0x000D, 0x0118, 0x004D]))
        data = ad(0x01, b"\x06") + ad(0xFF, company.to_bytes(2, "little") + b"\x02\x15"
                                       + rbytes(r, 20) + bytes([s8(r.integers(-80, -50))]))
    elif kind == 2:  # Apple Find My / Nearby
        if r.random() < 0.5:
            data = ad(0xFF, b"\x4c\x00\x12\x19" + rbytes(r, 25))
        else:
            data = ad(0x01, b"\x1a") + ad(0xFF, b"\x4c\x00\x10\x05" + rbytes(r, 5))
    elif kind == 3:  # Eddystone-URL
        url = b"example" + bytes([int(r.choice([0, 7]))])
        data = ad(0x01, b"\x06") + ad(0x03, EDDYSTONE) + ad(
            0x16, EDDYSTONE + bytes([0x10, s8(r.integers(-30, -10)), 0x03]) + url)
    elif kind == 4:  # Eddystone-EID
        data = ad(0x03, EDDYSTONE) + ad(0x16, EDDYSTONE + bytes([0x30, s8(-20)]) + rbytes(r, 8))
    elif kind == 5:  # encrypted TLM
        data = ad(0x03, EDDYSTONE) + ad(0x16, EDDYSTONE + b"\x20\x01" + rbytes(r, 16))
    elif kind == 6:  # battery service data and a name
        data = ad(0x01, b"\x06") + ad(0x16, b"\x0f\x18" + bytes([int(r.integers(0, 101))])) + ad(
            0x09, b"Sensor-" + str(int(r.integers(100, 999))).encode())
    elif kind == 7:  # directed advertising: AdvA + TargetA, no advertising data
        return pdu(r, ADV_DIRECT_IND, txadd, wire + rbytes(r, 6), rxadd=int(r.random() < 0.5))
    elif kind == 8:  # scan request: ScanA + AdvA
        return pdu(r, SCAN_REQ, txadd, rbytes(r, 6) + wire, rxadd=int(r.random() < 0.5))
    elif kind == 9:  # connection request: InitA + AdvA + LLData
        return pdu(r, CONNECT_IND, txadd, rbytes(r, 12) + rbytes(r, 22))
    elif kind == 10:  # a phone: flags, 128-bit service UUID, TX power
        data = ad(0x01, b"\x1a") + ad(0x07, rbytes(r, 16)) + ad(0x0A, b"\x0c")
    else:  # a scan response with just a name, maybe padded
        data = ad(0x09, b"Tag " + rbytes(r, 2).hex().encode())
        if r.random() < 0.5:
            data += bytes(31 - len(data))
        return pdu(r, SCAN_RSP, txadd, wire + data)
    return pdu(r, int(r.choice([ADV_IND, ADV_NONCONN_IND, ADV_SCAN_IND])), txadd, wire + data)


def malformed_packet(r):
    kind = int(r.integers(0, 6))
    good = beacon_packet(r, str(r.choice(["ibeacon", "eddystone_uid", "eddystone_tlm"])))[0][0]
    if kind == 0:  # truncated on air: header length longer than what arrived
        return good[:int(r.integers(8, len(good) - 4))] + rbytes(r, 3)
    body = good[2:-3]
    wire, data = body[:6], body[6:]
    if kind == 1:  # the last AD structure claims more bytes than there are
        data = ad(0x01, b"\x06") + ad(0xFF, b"\x4c\x00\x02\x15" + rbytes(r, 21)) + bytes(
            [int(r.integers(4, 20)), 0x09]) + rbytes(r, 1)
    elif kind == 2:  # iBeacon one byte short
        data = ad(0x01, b"\x06") + ad(0xFF, b"\x4c\x00\x02\x15" + rbytes(r, 20))
    elif kind == 3:  # Eddystone-UID cut short
        data = ad(0x03, EDDYSTONE) + ad(0x16, EDDYSTONE + b"\x00" + rbytes(r, int(r.integers(6,
                                                                                      16))))
    elif kind == 4:  # Eddystone-TLM cut short
        data = ad(0x03, EDDYSTONE) + ad(0x16, EDDYSTONE + b"\x20\x00" + rbytes(r, 9))
    else:  # extended advertising whose last AD structure runs past the data
        data = ad(0x03, EDDYSTONE) + ad(0x16, EDDYSTONE + b"\x20\x00" + rbytes(r, 12)) + bytes(
            [int(r.integers(12, 30)), 0x09]) + b"Asset"
        return pdu(r, EXT, good[0] >> 6 & 1, ext_payload(r, 0, wire, data=data))
    return pdu(r, ADV_NONCONN_IND, good[0] >> 6 & 1, wire + data)


def capture(r, n_beacon, n_other, n_bad, kinds=("ibeacon", "eddystone_uid", "eddystone_tlm")):
    items = ([("b", str(r.choice(kinds))) for _ in range(n_beacon)]
             + [("o", None)] * n_other + [("m", None)] * n_bad)
    order = r.permutation(len(items))
    packets, expected = [], []
    tags = [new_address(r) for _ in range(6)]
    for k in order:
        what, kind = items[k]
        if what == "b":
            addr = tags[int(r.integers(0, len(tags)))] if r.random() < 0.5 else None
            event, at, entry = beacon_packet(r, kind, addr, extended=r.random() < 0.33)
            entry["index"] = len(packets) + at
            expected.append(entry)
            packets += event
        elif what == "o":
            packets += other_packets(r)
        else:
            packets.append(malformed_packet(r))
    return packets, expected


def is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def check(got, expected):
    assert isinstance(got, list), f"expected a list, got {type(got).__name__}"
    got_idx = [g.get("index") for g in got]
    exp_idx = [e["index"] for e in expected]
    missing = sorted(set(exp_idx) - set(got_idx))
    extra = sorted(set(got_idx) - set(exp_idx))
    assert not missing and not extra and len(got) == len(expected), (
        f"frames for packets {got_idx[:12]}..., expected {exp_idx[:12]}...; missing packets "
        f"{missing[:5]} (e.g. {[e for e in expected if e['index'] in missing[:1]]}), "
        f"extra packets {extra[:5]}")
    for g, e in zip(got, expected):
        for key, want in e.items():
            assert key in g, f"packet {e['index']}: key {key!r} missing"
            have = g[key]
            if want is None:
                ok = have is None
            elif isinstance(want, float):
                ok = have is not None and not isinstance(have, (str, bytes)) and abs(
                    float(have) - want) <= 0.01
            elif isinstance(want, int):
                ok = is_int(have) and int(have) == want
            else:
                ok = isinstance(have, str) and have == want
            assert ok, f"packet {e['index']} ({e['frame']}): {key} = {have!r}, expected {want!r}"


def test_clean_beacon_frames():
    r = rng(1)
    packets, expected = capture(r, 30, 0, 0)
    check(decode_beacons(packets), expected)


def test_busy_warehouse_captures():
    r = rng(2)
    for _ in range(3):
        packets, expected = capture(r, 30, 50, 0)
        check(decode_beacons(packets), expected)


def test_malformed_packets_are_skipped():
    r = rng(3)
    for _ in range(3):
        packets, expected = capture(r, 12, 10, 25)
        check(decode_beacons(packets), expected)


def test_telemetry_values():
    r = rng(4)
    packets, expected = capture(r, 30, 5, 0, kinds=("eddystone_tlm",))
    check(decode_beacons(packets), expected)


def test_ibeacons_among_lookalikes():
    r = rng(5)
    packets, expected = capture(r, 20, 30, 0, kinds=("ibeacon",))
    check(decode_beacons(packets), expected)


def test_empty_capture():
    assert decode_beacons([]) == []
