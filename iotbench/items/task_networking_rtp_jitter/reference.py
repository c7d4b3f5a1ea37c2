"""RTP receiver report figures (RFC 3550, appendix A.1/A.3/A.8) on a socket shared with RTCP
(RFC 5761, including reduced-size feedback), DTLS and STUN: datagrams are classified (version 2,
and second byte 192-223 is RTCP); per SSRC the 16-bit sequence numbers are extended around the
highest seen, every RTP packet received counts (late and duplicate ones too, so the cumulative
loss may be negative), expected = extended highest - first extended + 1, and the interarrival
jitter runs over the packets in arrival order, with the RTP timestamp difference taken modulo
2^32."""


def rtp_receiver_stats(packets, clock_rate):
    if clock_rate <= 0:
        raise ValueError("clock rate must be positive")
    state = {}
    for arrival, data in packets:
        data = bytes(data)
        if len(data) < 12 or data[0] >> 6 != 2:
            continue  # STUN, DTLS, garbage
        if 192 <= data[1] <= 223:
            continue  # RTCP multiplexed on the same port (RFC 5761), any packet type
        seq = int.from_bytes(data[2:4], "big")
        ts = int.from_bytes(data[4:8], "big")
        ssrc = int.from_bytes(data[8:12], "big")
        s = state.get(ssrc)
        if s is None:
            state[ssrc] = {"max": seq, "base": seq, "received": 1, "ts": ts, "arr": arrival,
                           "jitter": 0.0}
            continue
        delta = (seq - s["max"] + 32768) % 65536 - 32768
        s["max"] = max(s["max"], s["max"] + delta)
        s["received"] += 1
        dts = (ts - s["ts"] + 2 ** 31) % 2 ** 32 - 2 ** 31
        d = (arrival - s["arr"]) * clock_rate - dts
        s["jitter"] += (abs(d) - s["jitter"]) / 16
        s["ts"], s["arr"] = ts, arrival
    out = {}
    for ssrc, s in state.items():
        expected = s["max"] - s["base"] + 1
        out[ssrc] = {"lost": expected - s["received"], "highest_seq": s["max"],
                     "jitter_ms": 1000.0 * s["jitter"] / clock_rate}
    return out
