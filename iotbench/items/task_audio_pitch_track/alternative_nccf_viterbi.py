"""Pitch track by the normalised cross-correlation function (NCCF, as in RAPT) and a global
dynamic-programming search: every 10 ms frame proposes its NCCF peaks in the lag range (and an
"unvoiced" hypothesis); a Viterbi pass picks the sequence that is most periodic, favours shorter
lags a little, charges candidates that are a multiple of a nearly-as-periodic shorter one (a
multiple of the period correlates as well, in noise even better) and, in clean frames, fractions
that are clearly less periodic than a candidate they divide (a half period of a voice with weak
odd harmonics), and penalises pitch jumps and voicing flips. The chosen peak is refined by a
parabola."""
import numpy as np

FMIN, FMAX = 55.0, 520.0
MAX_CANDIDATES = 16
LAG_COST = 0.01        # cost per octave of lag: a slight preference for shorter lags
MULTIPLE_COST = 0.15   # a candidate that is a multiple of a nearly-as-periodic shorter one
CLEAN = 0.02           # a frame whose best candidate is this close to periodic is clean
JUMP_COST = 0.5        # cost per octave of pitch change between frames
VOICING_FLIP = 0.4
UNVOICED_BIAS = 0.45   # an unvoiced frame costs this plus its best correlation


def _highpass(x, fs, cutoff=150.0):
    """Remove rumble and mains hum below the band that carries the harmonics (the pitch is still
    defined by the harmonics above, as on a telephone line)."""
    from scipy.signal import butter, sosfiltfilt
    sos = butter(4, cutoff, btype="highpass", fs=fs, output="sos")
    return sosfiltfilt(sos, x) if len(x) > 30 else x


def track_pitch(x, fs):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError("x must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    hop = int(round(fs / 100))
    n_frames = len(x) // hop
    if n_frames == 0:
        return np.zeros(0)
    x = _highpass(x - x.mean(), fs)
    t_min = int(fs / FMAX)
    t_max = int(np.ceil(fs / FMIN)) + 1
    w = int(0.02 * fs)
    length = w + t_max + 1
    pad = np.concatenate([np.zeros(length), x, np.zeros(2 * length)])
    starts = np.arange(n_frames) * hop + length - (w + t_max) // 2
    seg = pad[starts[:, None] + np.arange(length)[None, :]]
    nfft = 1 << int(np.ceil(np.log2(2 * length)))
    r = np.fft.irfft(np.conj(np.fft.rfft(seg[:, :w], nfft)) * np.fft.rfft(seg, nfft),
                     nfft)[:, :t_max + 1]
    sq = np.cumsum(np.concatenate([np.zeros((n_frames, 1)), seg ** 2], axis=1), axis=1)
    taus = np.arange(t_max + 1)
    e0 = sq[:, w]
    e_tau = sq[:, taus + w] - sq[:, taus]
    phi = r / np.sqrt(np.maximum(e0[:, None] * e_tau, 1e-30))
    energy = e0 / w
    floor = np.percentile(energy, 10)
    loud = energy > max(4 * floor, 1e-4 * np.percentile(energy, 95))

    # candidates per frame: (lag, phi) of the largest local maxima
    cands = []
    for k in range(n_frames):
        p = phi[k]
        inner = np.arange(t_min + 1, t_max)
        peaks = inner[(p[inner] > p[inner - 1]) & (p[inner] >= p[inner + 1]) & (p[inner] > 0.3)]
        if peaks.size > MAX_CANDIDATES:
            peaks = peaks[np.argsort(p[peaks])[-MAX_CANDIDATES:]]
        lags = []
        for t in peaks:
            a, b, c = p[t - 1], p[t], p[t + 1]
            d = a - 2 * b + c
            shift = 0.5 * (a - c) / d if d < 0 else 0.0
            lags.append((t + float(np.clip(shift, -0.5, 0.5)), float(b)))
        cands.append(lags)

    # Viterbi over states: index 0 = unvoiced, 1.. = candidates
    best_phi = np.array([max([c[1] for c in cl], default=0.0) for cl in cands])
    local = []
    for k, cl in enumerate(cands):
        cost_u = UNVOICED_BIAS + best_phi[k] if loud[k] else 0.0
        # a multiple of the period correlates about as well as the period, and in noise even
        # better by chance, so a candidate is charged when a submultiple of it is nearly as
        # periodic as the frame's best candidate (judged against the aperiodicity the frame's
        # noise leaves). A half period that is clearly less periodic (a voice whose odd
        # harmonics are weak, but present) does not count.
        ap = np.array([1.0 - ph for _, ph in cl])
        lag_arr = np.array([lag for lag, _ in cl])
        good = ap <= 2.0 * ap.min() + 0.015 if cl else ap.astype(bool)
        multiple = np.zeros(len(cl), bool)
        for i, lag in enumerate(lag_arr):
            ratio = lag / lag_arr[good]
            near = np.abs(ratio - np.round(ratio)) <= 0.03 * np.round(ratio)
            multiple[i] = bool(np.any(near & (np.round(ratio) >= 2)))
        # in a clean frame, a fraction of a nearly-periodic lag that is itself clearly less
        # periodic is not the period either (a half period of a voice whose odd harmonics are
        # weak): the waveform does not repeat there, and the noise cannot explain the gap
        fraction = np.zeros(len(cl), bool)
        if cl and ap.min() < CLEAN:
            for i, lag in enumerate(lag_arr):
                ratio = lag_arr[good] / lag
                near = np.abs(ratio - np.round(ratio)) <= 0.03 * np.round(ratio)
                fraction[i] = (not good[i]) and bool(np.any(near & (np.round(ratio) >= 2)))
        costs = [cost_u] + [1.0 - ph + LAG_COST * np.log2(lag / t_min)
                            + MULTIPLE_COST * (multiple[i] or fraction[i])
                            + (0.0 if loud[k] else 5.0)
                            for i, (lag, ph) in enumerate(cl)]
        local.append(np.array(costs))
    acc = local[0].copy()
    back = []
    for k in range(1, n_frames):
        a = np.array([np.nan] + [c[0] for c in cands[k - 1]])
        b = np.array([np.nan] + [c[0] for c in cands[k]])
        trans = JUMP_COST * np.abs(np.log2(a[:, None] / b[None, :]))
        flip = np.isnan(a)[:, None] ^ np.isnan(b)[None, :]
        trans[flip] = VOICING_FLIP
        trans[np.isnan(trans)] = 0.0  # unvoiced to unvoiced
        total = acc[:, None] + trans
        back.append(np.argmin(total, axis=0))
        acc = total.min(axis=0) + local[k]
    state = int(np.argmin(acc))
    path = [state]
    for k in range(n_frames - 2, -1, -1):
        state = int(back[k][state])
        path.append(state)
    path.reverse()
    out = np.zeros(n_frames)
    for k, s in enumerate(path):
        if s > 0:
            out[k] = fs / cands[k][s - 1][0]
    return out
