"""Vectorised alternative: classify all datagrams at once, group RTP packets by SSRC, unwrap
sequence numbers and timestamps by accumulating the signed modular differences between
consecutive arrivals, count every arrival as received (duplicates and late packets included, as
RFC 3550 does), and run the RFC 3550 jitter recursion J += (|D| - J)/16 as a first-order IIR
filter (scipy.signal.lfilter) over the arrival-ordered transit differences."""
import numpy as np
from scipy.signal import lfilter


def _signed(diff, bits):
    half = 1 << (bits - 1)
    return (diff + half) % (1 << bits) - half


def rtp_receiver_stats(packets, clock_rate):
    if not clock_rate > 0:
        raise ValueError("clock_rate must be positive")
    rows = []
    for arrival, data in packets:
        b = bytes(data)
        # RTP: version 2, at least a fixed header, and not an RTCP packet type (200-207 and
        # the rest of 192-223 reserved for RTCP by RFC 5761)
        if len(b) >= 12 and b[0] & 0xC0 == 0x80 and not 192 <= b[1] <= 223:
            rows.append((arrival, int.from_bytes(b[2:4], "big"), int.from_bytes(b[4:8], "big"),
                         int.from_bytes(b[8:12], "big")))
    if not rows:
        return {}
    arrival = np.array([row[0] for row in rows], dtype=float)
    seq, ts, ssrc = (np.array([row[k] for row in rows], dtype=np.int64) for k in (1, 2, 3))
    result = {}
    for s in np.unique(ssrc):
        sel = np.flatnonzero(ssrc == s)  # arrival order is kept
        q = seq[sel]
        ext = q[0] + np.concatenate([[0], np.cumsum(_signed(np.diff(q), 16))])
        t = ts[sel]
        ts_u = t[0] + np.concatenate([[0], np.cumsum(_signed(np.diff(t), 32))])
        transit = arrival[sel] * clock_rate - ts_u
        d = np.abs(np.diff(transit))
        jitter = lfilter([1 / 16], [1, -15 / 16], d)[-1] if d.size else 0.0
        # cycles are counted from the first packet received: put it in cycle 0
        shift = 65536 * (int(ext[0]) // 65536)
        highest = int(ext.max()) - shift
        result[int(s)] = {"lost": int(ext.max() - ext[0] + 1 - sel.size),
                          "highest_seq": highest,
                          "jitter_ms": float(1000 * jitter / clock_rate)}
    return result
