"""Alternative: decode with a generator of (number, value) options; deduplicate with an
exchange table keyed by (peer, message ID) that expires entries after the exchange lifetime;
order notifications by unwrapping each observation's 24-bit Observe numbers into an unbounded
sequence (nearest-distance unwrapping, as for RTP sequence numbers) and delivering a
notification only when its unwrapped number exceeds the best delivered so far, or when more than
128 s have passed since the last delivery (RFC 7641 lets the number restart then: the unwrapping
starts afresh). Multicast requests are recognised by the group address (224.0.1.187 or ff0x::fd
and the other multicast ranges) and answered by any member; a GET with Observe = 1 ends the
observation. Block2 transfers (RFC 7959) are collected block by block in a table keyed by
block number and joined when the block without the "more" flag completes the set."""

LIFETIME = 247.0
FRESH_AFTER = 128.0


def _group(peer):
    host = peer[1:peer.index("]")] if peer.startswith("[") else peer.split(":")[0]
    if ":" in host:
        return host.lower().startswith("ff")
    first = int(host.split(".")[0]) if host.split(".")[0].isdigit() else 0
    return 224 <= first <= 239


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
    group_paths = {}  # token -> path of a multicast request
    observing = {}  # (peer, token) -> False once deregistered
    last_time = {}  # (peer, token) -> time of the last delivered notification
    parts = {}  # (peer, path) -> {block number: bytes}
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
                path = "/" + "/".join(v.decode() for n, v in m["options"] if n == 11)
                if _group(peer):
                    group_paths[m["token"]] = path
                    continue
                paths[(peer, m["token"])] = path
                obs = _uint(m["options"], 6)
                if obs is not None:
                    observing[(peer, m["token"])] = obs == 0
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
        path = paths.get(obs_key, group_paths.get(m["token"]))
        if path is None:
            continue
        observe = _uint(m["options"], 6)
        if observe is not None and not observing.get(obs_key, True):
            continue
        if observe is not None:
            if obs_key in last_time and time - last_time[obs_key] > FRESH_AFTER:
                best.pop(obs_key, None)  # a fresh start: any number is newer now
                last_raw.pop(obs_key, None)
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
            last_time[obs_key] = time
        payload = bytes(m["payload"])
        block = _uint(m["options"], 23)
        if block is not None:
            got = parts.setdefault((peer, path), {})
            if block >> 4 == 0:
                got.clear()
            got[block >> 4] = payload
            if block & 8:
                continue  # more blocks follow
            del parts[(peer, path)]
            if sorted(got) != list(range(len(got))):
                continue
            payload = b"".join(got[k] for k in range(len(got)))
        delivered.append({"time": time, "peer": peer, "path": path,
                          "code": "%d.%02d" % (cls, m["code"] & 31),
                          "content_format": _uint(m["options"], 12), "observe": observe,
                          "payload": payload})
    return delivered
