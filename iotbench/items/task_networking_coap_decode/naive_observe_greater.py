def parse_coap(data):
    if len(data) < 4:
        raise ValueError("too short")
    version = data[0] >> 6
    mtype = (data[0] >> 4) & 0x03
    tkl = data[0] & 0x0F
    if version != 1 or tkl > 8:
        raise ValueError("bad header")
    code = data[1]
    mid = int.from_bytes(data[2:4], "big")
    token = bytes(data[4:4 + tkl])
    pos = 4 + tkl
    options = []
    number = 0
    payload = b""
    while pos < len(data):
        byte = data[pos]
        pos += 1
        if byte == 0xFF:
            payload = bytes(data[pos:])
            break
        delta, length = byte >> 4, byte & 0x0F
        if delta == 13:
            delta = data[pos] + 13
            pos += 1
        elif delta == 14:
            delta = int.from_bytes(data[pos:pos + 2], "big") + 269
            pos += 2
        if length == 13:
            length = data[pos] + 13
            pos += 1
        elif length == 14:
            length = int.from_bytes(data[pos:pos + 2], "big") + 269
            pos += 2
        number += delta
        options.append((number, bytes(data[pos:pos + length])))
        pos += length
    return {"type": mtype, "code": code, "mid": mid, "token": token, "options": options,
            "payload": payload}


def option_uint(options, number):
    for n, value in options:
        if n == number:
            return int.from_bytes(value, "big")
    return None


def coap_deliveries(capture):
    requests = {}  # (peer, token) -> path
    seen = set()  # (peer, message id) already processed: retransmissions and duplicate ACKs
    last_observe = {}  # (peer, token) -> last Observe number delivered
    results = []
    for time, direction, peer, data in capture:
        try:
            msg = parse_coap(bytes(data))
        except (ValueError, IndexError):
            continue
        code_class = msg["code"] >> 5
        if direction == "out":
            if code_class == 0 and msg["code"] != 0:
                path = "/" + "/".join(v.decode("utf-8") for n, v in msg["options"] if n == 11)
                requests[(peer, msg["token"])] = path
            continue
        if msg["code"] == 0 or code_class < 2:
            continue  # empty ACK / RST / ping
        if (peer, msg["mid"]) in seen:
            continue
        seen.add((peer, msg["mid"]))
        key = (peer, msg["token"])
        if key not in requests:
            continue
        observe = option_uint(msg["options"], 6)
        if observe is not None:
            if key in last_observe and observe <= last_observe[key]:
                continue  # an older notification arriving late
            last_observe[key] = observe
        results.append({
            "time": time, "peer": peer, "path": requests[key],
            "code": f"{code_class}.{msg['code'] & 0x1F:02d}",
            "content_format": option_uint(msg["options"], 12),
            "observe": option_uint(msg["options"], 6),
            "payload": msg["payload"],
        })
    return results
