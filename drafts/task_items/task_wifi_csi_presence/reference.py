"""Per-second motion detection from CSI amplitudes.

1. AGC: the receiver gain multiplies all subcarriers of a packet alike and changes in steps
   between one packet and the next. Motion of a person also changes all subcarriers largely
   alike (the subcarriers of a 20-40 MHz channel are strongly correlated), so normalising every
   packet by its own level would throw most of the motion away. Instead the steps are found in
   the common (median over subcarriers) log amplitude -- a jump between consecutive packets that
   is large against the packet-to-packet changes around it -- and undone.
2. Corrupted packets (far from their neighbours) are dropped. The packets come from a nearly
   periodic schedule with jitter and losses: each packet is put in its slot of that schedule
   (gaps are whole numbers of intervals) and lost slots are interpolated, which keeps fast
   periodic components (a fan) sharp, unlike resampling onto an unrelated grid.
3. A rotating fan modulates the channel periodically: narrow lines at the blade-passing rate and
   its harmonics (aliased by the packet rate), stable for as long as the fan runs. They are found
   in the long-term spectrum of the record and notched out; a moving person changes the channel
   aperiodically over a broad band and survives the notches.
4. Motion statistic per 1 s window: the power (summed over subcarriers) of a 2 s span around the
   window, 0.3 Hz .. Nyquist, without the notched lines; threshold relative to the record's own
   quiet level (a low percentile of the statistic).
5. Debounce: short gaps inside motion are filled and bursts shorter than 4 s (a door swinging in
   another room, a missed AGC step) are dropped -- a person moving in the room keeps changing the
   channel for longer than that.
"""
import numpy as np
from scipy.ndimage import median_filter

THRESHOLD = 6.0


def _slots(values, t):
    """Put packets into the slots of the sender's (nearly periodic) schedule: each gap is a whole
    number of nominal intervals; lost packets are filled by interpolation. Returns the gridded
    values, the slot times and the slot rate."""
    period = float(np.median(np.diff(t)))
    steps = np.maximum(1, np.round(np.diff(t) / period)).astype(int)
    slot = np.concatenate([[0], np.cumsum(steps)])
    period = (t[-1] - t[0]) / slot[-1]  # refined from the whole record
    grid = np.arange(slot[-1] + 1)
    out = np.stack([np.interp(grid, slot, row) for row in values])
    return out, t[0] + grid * period, 1.0 / period


def _undo_agc_steps(x, per_half_second):
    """Remove gain steps common to all subcarriers from log amplitudes x (n_sub, n).

    A step is the largest jump of the common level among its neighbours after which the level
    stays: the medians of the half seconds before and after (medians see through a fan's fast
    modulation) differ by about the jump."""
    common = np.median(x, axis=0)
    n = common.size
    jump = np.diff(common)
    w = max(5, int(per_half_second))
    correction = np.zeros(n)
    for j in np.flatnonzero(np.abs(jump) > 0.03):
        if j < w or j + 1 + w > n:
            continue
        if np.abs(jump[j - 3:j + 4]).max() > np.abs(jump[j]):
            continue  # not the largest change around
        level = np.median(common[j + 1:j + 1 + w]) - np.median(common[j + 1 - w:j + 1])
        if abs(level) > 0.03 and abs(level - jump[j]) < 0.6 * abs(level):
            correction[j + 1:] += level
    return x - correction[None, :]


def _fan_lines(g, fs):
    """Frequencies of narrow spectral lines that persist: in 8 s segments (50 % overlap), bins
    standing far above the local spectral level; kept when found in at least 3 segments. Only
    above 4 Hz: ceiling fans turn at 1.5-3 rev/s with 3-5 blades, while the rhythms of a person
    (steps, arm swings) are slower."""
    seg = int(8 * fs)
    if g.shape[1] < seg:
        return []
    freqs = np.fft.rfftfreq(seg, 1 / fs)
    hann = np.hanning(seg)
    counts = np.zeros(freqs.size)
    for a in range(0, g.shape[1] - seg + 1, seg // 2):
        x = g[:, a:a + seg]
        x = x - x.mean(axis=1, keepdims=True)
        power = (np.abs(np.fft.rfft(x * hann, axis=1)) ** 2).sum(axis=0)
        background = median_filter(power, size=8 * 6 + 1, mode="nearest")  # +-3 Hz
        peak = ((power > 8 * background) & (power >= np.roll(power, 1))
                & (power >= np.roll(power, -1)) & (freqs > 4.0))
        # a line wanders by a bin or so between segments
        counts += np.convolve(peak.astype(float), np.ones(5), mode="same") > 0
    persistent = (counts >= 3) & (counts >= np.roll(counts, 1)) & (counts >= np.roll(counts, -1))
    return [float(f) for f in freqs[persistent]]


def _runs(flags):
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flags.astype(int), [0]])))
    return list(zip(edges[::2], edges[1::2]))


def _debounce(flags):
    """Fill gaps of up to 2 windows inside motion, then drop bursts shorter than 4 windows."""
    out = flags.copy()
    runs = _runs(out)
    for (_, b0), (a1, _) in zip(runs[:-1], runs[1:]):
        if a1 - b0 <= 2:
            out[b0:a1] = True
    for a, b in _runs(out):
        if b - a < 4:
            out[a:b] = False
    return out


def detect_motion(amplitude, timestamps):
    amp = np.asarray(amplitude, dtype=float)
    t = np.asarray(timestamps, dtype=float)
    if amp.ndim != 2 or t.ndim != 1 or amp.shape[1] != t.size:
        raise ValueError("amplitude must be (n_subcarriers, n_packets) matching timestamps")
    if t.size < 2 or np.any(np.diff(t) <= 0):
        raise ValueError("timestamps must be strictly increasing")
    n_windows = int(np.floor(t[-1] - t[0])) + 1
    x = np.log(np.maximum(amp, 1e-9))
    # corrupted packets: scaled as a whole, far from the running median of their neighbours
    level = np.median(x, axis=0)
    dev = np.abs(level - median_filter(level, size=5, mode="nearest"))
    good = dev <= max(0.2, 6 * np.median(dev))
    good[0] = True
    x, tg = x[:, good], t[good]
    x = _undo_agc_steps(x, 0.5 / np.median(np.diff(tg)))
    g, times, fs = _slots(x, tg)
    n = g.shape[1]
    span = int(2 * fs)
    hann = np.hanning(span)
    freqs = np.fft.rfftfreq(span, 1 / fs)
    keep = freqs >= 0.3
    for f0 in _fan_lines(g, fs):
        keep &= np.abs(freqs - f0) > 1.0
    stat = np.zeros(n_windows)
    for k in range(n_windows):
        centre = int(np.searchsorted(times, t[0] + k + 0.5))
        a = min(max(0, centre - span // 2), max(0, n - span))
        seg = g[:, a:a + span]
        if seg.shape[1] < span:
            seg = np.pad(seg, ((0, 0), (0, span - seg.shape[1])), mode="edge")
        seg = seg - seg.mean(axis=1, keepdims=True)
        power = (np.abs(np.fft.rfft(seg * hann, axis=1)) ** 2).sum(axis=0)
        stat[k] = power[keep].sum()
    floor = np.percentile(stat, 10) + 1e-30
    return _debounce(stat > THRESHOLD * floor)
