import struct


def rtp_receiver_stats(packets, clock_rate):
    streams = {}
    for arrival, data in packets:
        data = bytes(data)
        if len(data) < 12:
            continue
        first, second, seq, ts, ssrc = struct.unpack("!BBHII", data[:12])
        if first >> 6 != 2 or 192 <= second <= 223:
            continue  # not RTP
        st = streams.setdefault(ssrc, {"seqs": [], "prev": None, "jitter": 0.0})
        st["seqs"].append(seq)
        if st["prev"] is not None:
            prev_arrival, prev_ts = st["prev"]
            ts_diff = ((ts - prev_ts + 2 ** 31) % 2 ** 32) - 2 ** 31
            d = (arrival - prev_arrival) * clock_rate - ts_diff
            st["jitter"] += (abs(d) - st["jitter"]) / 16.0
        st["prev"] = (arrival, ts)
    result = {}
    for ssrc, st in streams.items():
        expected = max(st["seqs"]) - min(st["seqs"]) + 1
        result[ssrc] = {"lost": expected - len(st["seqs"]), "highest_seq": max(st["seqs"]),
                        "jitter_ms": st["jitter"] / clock_rate * 1000.0}
    return result
