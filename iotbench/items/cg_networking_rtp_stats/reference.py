def rtp_stream_stats(seq, rtp_ts, arrival_s, clock_rate):
    """Loss (from extended sequence numbers) and RFC 3550 interarrival jitter."""
    n = len(seq)
    if n == 0 or len(rtp_ts) != n or len(arrival_s) != n:
        raise ValueError("need equally long, non-empty inputs")
    if clock_rate <= 0:
        raise ValueError("clock_rate must be positive")
    if any(not 0 <= s <= 0xFFFF for s in seq):
        raise ValueError("sequence numbers are 16-bit")
    if any(not 0 <= ts <= 0xFFFFFFFF for ts in rtp_ts):
        raise ValueError("RTP timestamps are 32-bit")

    # Extended sequence numbers: pick the value closest to the highest one seen so far.
    # (Re-processing the first packet is a no-op: its delta is 0.)
    max_ext = low = int(seq[0])
    for s in seq:
        delta = (int(s) - max_ext) % 65536          # forward distance 0..65535
        if delta >= 32768:
            delta -= 65536                          # ... or backwards, -32768..-1
        ext = max_ext + delta
        max_ext = max(max_ext, ext)
        low = min(low, ext)
    expected = max_ext - low + 1
    lost = expected - n

    # Interarrival jitter (RFC 3550, section 6.4.1), in timestamp units.
    jitter = 0.0
    for k in range(1, n):
        ts_diff = (int(rtp_ts[k]) - int(rtp_ts[k - 1])) % 2**32
        if ts_diff >= 2**31:
            ts_diff -= 2**32                        # signed 32-bit difference
        d = (arrival_s[k] - arrival_s[k - 1]) * clock_rate - ts_diff
        jitter += (abs(d) - jitter) / 16.0
    return {
        "received": n,
        "expected": expected,
        "lost": lost,
        "loss_fraction": max(lost, 0) / expected,
        "jitter_ts": jitter,
        "jitter_s": jitter / clock_rate,
    }
