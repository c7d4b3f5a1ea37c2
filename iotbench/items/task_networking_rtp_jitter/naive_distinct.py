import struct


def rtp_receiver_stats(packets, clock_rate):
    streams = {}
    for arrival, data in packets:
        data = bytes(data)
        if len(data) < 12:
            continue
        first, second, seq, ts, ssrc = struct.unpack("!BBHII", data[:12])
        if first >> 6 != 2 or 192 <= second <= 223:
            continue  # not RTP (STUN, DTLS, multiplexed RTCP)
        st = streams.get(ssrc)
        if st is None:
            streams[ssrc] = {"max": seq, "seen": {seq}, "prev": (arrival, ts), "jitter": 0.0}
            continue
        ext = st["max"] + ((seq - st["max"] + 32768) % 65536 - 32768)
        if ext in st["seen"]:
            continue  # duplicate: counted once
        st["seen"].add(ext)
        st["max"] = max(st["max"], ext)
        prev_arrival, prev_ts = st["prev"]
        ts_diff = ((ts - prev_ts + 2 ** 31) % 2 ** 32) - 2 ** 31
        d = (arrival - prev_arrival) * clock_rate - ts_diff
        st["jitter"] += (abs(d) - st["jitter"]) / 16.0
        st["prev"] = (arrival, ts)
    result = {}
    for ssrc, st in streams.items():
        expected = max(st["seen"]) - min(st["seen"]) + 1
        result[ssrc] = {"lost": max(0, expected - len(st["seen"])), "highest_seq": st["max"],
                        "jitter_ms": st["jitter"] / clock_rate * 1000.0}
    return result
