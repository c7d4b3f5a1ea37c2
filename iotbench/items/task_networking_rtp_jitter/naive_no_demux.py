import struct


def rtp_receiver_stats(packets, clock_rate):
    streams = {}
    for arrival, data in packets:
        if len(data) < 12:
            continue
        first, second, seq, ts, ssrc = struct.unpack("!BBHII", bytes(data[:12]))
        if first >> 6 != 2:
            continue  # not RTP version 2
        st = streams.setdefault(ssrc, {"max_ext": None, "seqs": set(), "prev": None,
                                       "jitter": 0.0})
        if st["max_ext"] is None:
            ext = seq
            st["max_ext"] = seq
        else:
            delta = ((seq - (st["max_ext"] % 65536) + 32768) % 65536) - 32768
            ext = st["max_ext"] + delta
            st["max_ext"] = max(st["max_ext"], ext)
        st["seqs"].add(ext)
        if st["prev"] is not None:
            prev_arrival, prev_ts = st["prev"]
            ts_diff = ((ts - prev_ts + 2 ** 31) % 2 ** 32) - 2 ** 31
            d = (arrival - prev_arrival) * clock_rate - ts_diff
            st["jitter"] += (abs(d) - st["jitter"]) / 16.0
        st["prev"] = (arrival, ts)
    result = {}
    for ssrc, st in streams.items():
        received = len(st["seqs"])
        expected = max(st["seqs"]) - min(st["seqs"]) + 1
        result[ssrc] = {"received": received, "lost": expected - received,
                        "jitter_ms": st["jitter"] / clock_rate * 1000.0}
    return result
