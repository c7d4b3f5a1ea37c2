"""Careful generalist: a full RFC 7252 / RFC 7641 client (with RFC 7959 reassembly) that
matches every response by (peer, token)."""


EXCHANGE_LIFETIME = 247.0
OBSERVE_TIMEOUT = 128.0


def _decode(data):
    if len(data) < 4 or data[0] >> 6 != 1 or (data[0] & 15) > 8:
        raise ValueError("not a CoAP message")
    mtype, tkl, code = (data[0] >> 4) & 3, data[0] & 15, data[1]
    mid = int.from_bytes(data[2:4], "big")
    pos = 4 + tkl
    if pos > len(data):
        raise ValueError("truncated token")
    token = bytes(data[4:pos])
    options, number, payload = [], 0, b""

    def ext(nibble):
        nonlocal pos
        if nibble == 13:
            pos += 1
            return data[pos - 1] + 13
        if nibble == 14:
            pos += 2
            return int.from_bytes(data[pos - 2:pos], "big") + 269
        if nibble == 15:
            raise ValueError("reserved nibble")
        return nibble

    while pos < len(data):
        if data[pos] == 0xFF:
            payload = bytes(data[pos + 1:])
            break
        head = data[pos]
        pos += 1
        number += ext(head >> 4)
        length = ext(head & 15)
        if pos + length > len(data):
            raise ValueError("truncated option")
        options.append((number, bytes(data[pos:pos + length])))
        pos += length
    return mtype, code, mid, token, options, payload


def _first(options, number):
    for n, v in options:
        if n == number:
            return int.from_bytes(v, "big")
    return None


def _fresher(v1, t1, v2, t2):
    """Is notification (v2, t2) newer than (v1, t1)? RFC 7641 section 3.4."""
    return ((v1 < v2 and v2 - v1 < 2 ** 23) or (v1 > v2 and v1 - v2 > 2 ** 23)
            or t2 > t1 + OBSERVE_TIMEOUT)


def coap_deliveries(capture):
    seen = {}  # (peer, mid) of incoming CON/NON -> time
    pending_acks = {}  # (peer, mid) of the gateway's CON requests -> token
    answered = set()  # (peer, mid) of requests whose ACK has arrived
    requests = {}  # (peer, token) -> path
    cancelled = set()  # (peer, token) of observations the gateway deregistered
    blocks = {}  # (peer, path) -> body received so far of a block-wise transfer
    last_obs = {}  # (peer, token) -> (observe value, time) of the last delivery
    out = []
    for time, direction, peer, data in capture:
        try:
            mtype, code, mid, token, options, payload = _decode(bytes(data))
        except (ValueError, IndexError):
            continue
        if direction == "out":
            if code >> 5 == 0 and code != 0:  # a request
                segments = [v.decode("utf-8") for n, v in options if n == 11]
                requests[(peer, token)] = "/" + "/".join(segments)
                observe = _first(options, 6)
                if observe == 1:
                    cancelled.add((peer, token))
                elif observe == 0:
                    cancelled.discard((peer, token))
                if mtype == 0 and (peer, mid) not in answered:
                    pending_acks[(peer, mid)] = token  # (a retransmission keeps its entry)
            continue
        if mtype in (0, 1):
            key = (peer, mid)
            if key in seen and time - seen[key] <= EXCHANGE_LIFETIME:
                continue  # a duplicate (retransmission)
            seen[key] = time
        if code == 0 or code >> 5 < 2:
            continue  # empty message (ACK, RST, ping) or a request
        if mtype == 2:
            if pending_acks.pop((peer, mid), None) is None:
                continue  # a duplicate ACK, or one for a request we did not send
            answered.add((peer, mid))
        elif mtype == 3:
            continue
        path = requests.get((peer, token))
        if path is None:
            continue
        observe = _first(options, 6)
        if observe is not None and (peer, token) in cancelled:
            continue  # a notification still in flight when the observation was cancelled
        if observe is not None:
            prev = last_obs.get((peer, token))
            if prev is not None and not _fresher(prev[0], prev[1], observe, time):
                continue
            last_obs[(peer, token)] = (observe, time)
        block = _first(options, 23)
        if block is not None:
            num, more, size = block >> 4, block >> 3 & 1, 16 << (block & 7)
            sofar = blocks.pop((peer, path), b"") if num else b""
            if len(sofar) != num * size:
                continue  # a block out of sequence: the transfer cannot be completed
            payload = sofar + payload
            if more:
                blocks[(peer, path)] = payload
                continue
        c = f"{code >> 5}.{code & 31:02d}"
        out.append({"time": time, "peer": peer, "path": path, "code": c,
                    "content_format": _first(options, 12), "observe": observe,
                    "payload": payload})
    return out
