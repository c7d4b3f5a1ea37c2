"""Alternative: decode with a generator of (number, value) options; deduplicate with an
exchange table keyed by (peer, message ID) that expires entries after the exchange lifetime;
order notifications by unwrapping each observation's 24-bit Observe numbers into an unbounded
sequence (nearest-distance unwrapping, as for RTP sequence numbers) and delivering a
notification only when its unwrapped number exceeds the best delivered so far."""

LIFETIME = 247.0


def _nibble_value(nib, data, i):
    if nib < 13:
        return nib, i
    if nib == 13:
        return data[i] + 13, i + 1
    if nib == 14:
        return (data[i] << 8 | data[i + 1]) + 269, i + 2
    raise ValueError


def _options(data, i):
    number = 0
    while i < len(data) and data[i] != 0xFF:
        head = data[i]
        delta, i = _nibble_value(head >> 4, data, i + 1)
        length, i = _nibble_value(head & 0xF, data, i)
        number += delta
        if i + length > len(data):
            raise ValueError
        yield number, data[i:i + length]
        i += length


def _parse(data):
    if len(data) < 4 or (data[0] >> 6) != 1:
        raise ValueError
    tkl = data[0] & 0xF
    if tkl > 8 or 4 + tkl > len(data):
        raise ValueError
    opts = list(_options(data, 4 + tkl))
    i = 4 + tkl
    for _ in opts:  # walk again to find where the options end
        head = data[i]
        _, i = _nibble_value(head >> 4, data, i + 1)
        length, i = _nibble_value(head & 0xF, data, i)
        i += length
    payload = data[i + 1:] if i < len(data) and data[i] == 0xFF else b""
    return {"type": (data[0] >> 4) & 3, "code": data[1],
            "mid": data[2] << 8 | data[3], "token": data[4:4 + tkl],
            "options": opts, "payload": payload}


def _uint(opts, number):
    values = [v for n, v in opts if n == number]
    return int.from_bytes(values[0], "big") if values else None


def coap_deliveries(capture):
    exchanges = {}  # (peer, mid) -> expiry time, for incoming CON/NON
    outstanding = {}  # (peer, mid) -> True while the gateway waits for an ACK
    paths = {}
    best = {}  # (peer, token) -> unwrapped Observe number of the freshest delivery
    last_raw = {}  # (peer, token) -> last unwrapped value seen (for unwrapping)
    delivered = []
    for time, direction, peer, raw in capture:
        try:
            m = _parse(bytes(raw))
        except (ValueError, IndexError):
            continue
        cls = m["code"] >> 5
        if direction == "out":
            if cls == 0 and m["code"]:
                paths[(peer, m["token"])] = "/" + "/".join(
                    v.decode() for n, v in m["options"] if n == 11)
                if m["type"] == 0:
                    outstanding.setdefault((peer, m["mid"]), True)
            continue
        key = (peer, m["mid"])
        if m["type"] in (0, 1):
            if exchanges.get(key, -1.0) >= time:
                continue
            exchanges[key] = time + LIFETIME
        if m["code"] == 0 or cls < 2 or m["type"] == 3:
            continue
        if m["type"] == 2:
            if outstanding.get(key) is not True:
                continue
            outstanding[key] = False
        obs_key = (peer, m["token"])
        if obs_key not in paths:
            continue
        observe = _uint(m["options"], 6)
        if observe is not None:
            if obs_key in last_raw:
                ref = last_raw[obs_key]
                diff = (observe - ref) % (1 << 24)
                if diff >= 1 << 23:
                    diff -= 1 << 24
                unwrapped = ref + diff
            else:
                unwrapped = observe
            last_raw[obs_key] = max(unwrapped, last_raw.get(obs_key, unwrapped))
            if obs_key in best and unwrapped <= best[obs_key]:
                continue
            best[obs_key] = unwrapped
        delivered.append({"time": time, "peer": peer, "path": paths[obs_key],
                          "code": "%d.%02d" % (cls, m["code"] & 31),
                          "content_format": _uint(m["options"], 12), "observe": observe,
                          "payload": bytes(m["payload"])})
    return delivered
