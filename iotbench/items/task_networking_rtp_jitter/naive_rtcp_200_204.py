import struct

RTCP_TYPES = {200, 201, 202, 203, 204}  # SR, RR, SDES, BYE, APP


def rtp_receiver_stats(packets, clock_rate):
    streams = {}
    for arrival, data in packets:
        data = bytes(data)
        if len(data) < 12:
            continue
        first, second, seq, ts, ssrc = struct.unpack("!BBHII", data[:12])
        if first >> 6 != 2 or second in RTCP_TYPES:
            continue
        st = streams.get(ssrc)
        if st is None:
            streams[ssrc] = {"max": seq, "base": seq, "n": 1, "prev": (arrival, ts),
                             "jitter": 0.0}
            continue
        st["max"] = max(st["max"], st["max"] + ((seq - st["max"] + 32768) % 65536 - 32768))
        st["n"] += 1
        prev_arrival, prev_ts = st["prev"]
        ts_diff = ((ts - prev_ts + 2 ** 31) % 2 ** 32) - 2 ** 31
        d = (arrival - prev_arrival) * clock_rate - ts_diff
        st["jitter"] += (abs(d) - st["jitter"]) / 16.0
        st["prev"] = (arrival, ts)
    return {ssrc: {"lost": st["max"] - st["base"] + 1 - st["n"], "highest_seq": st["max"],
                   "jitter_ms": st["jitter"] / clock_rate * 1000.0}
            for ssrc, st in streams.items()}
