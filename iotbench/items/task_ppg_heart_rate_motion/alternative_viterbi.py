"""Heart rate track by spectral suppression and a global best path (Viterbi), no time-domain
cancellation. Per 2 s hop, a 12 s window's PPG power spectrum is divided by a term that grows
where any accelerometer axis has power (those bins hold the motion artefact). The whole track is
then chosen at once: the path through 1-bpm states that maximises the summed log spectral
evidence minus a penalty on beat-rate changes between hops, so the track passes through
stretches where the pulse hides under the cadence peak instead of jumping onto it."""
import numpy as np
from scipy.signal import butter, sosfiltfilt

WIN_S, HOP_S = 12.0, 2.0
MAX_STEP = 12      # bpm per 2 s
SIGMA = 4.0        # bpm per 2 s, typical change


def heart_rate_track(ppg, acc, fs):
    ppg = np.asarray(ppg, dtype=float)
    acc = np.asarray(acc, dtype=float)
    if ppg.ndim != 1 or acc.ndim != 2 or acc.shape[1] != 3 or acc.shape[0] != ppg.size:
        raise ValueError("ppg must be 1-D and acc (n, 3) with the same n")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    hop = int(round(HOP_S * fs))
    count = ppg.size // hop
    if count == 0:
        return np.zeros(0)
    sos = butter(3, [0.5, min(4.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    padlen = min(3 * int(fs), ppg.size - 1)
    x = sosfiltfilt(sos, ppg - ppg.mean(), padlen=padlen)
    a = sosfiltfilt(sos, acc - acc.mean(0), axis=0, padlen=padlen)
    win = min(int(WIN_S * fs), ppg.size)
    taper = np.hanning(win)
    nfft = int(60 * fs)
    bpm_all = np.fft.rfftfreq(nfft, 1 / fs) * 60
    states = np.flatnonzero((bpm_all >= 40) & (bpm_all <= 220))
    bpm = bpm_all[states]
    evidence = np.zeros((count, states.size))
    for k in range(count):
        s = int(np.clip(k * hop + hop // 2 - win // 2, 0, ppg.size - win))
        sp = np.abs(np.fft.rfft(x[s:s + win] * taper, nfft))[states] ** 2
        sa = np.abs(np.fft.rfft(a[s:s + win] * taper[:, None], nfft, axis=0))[states] ** 2
        moving = np.sqrt(np.mean(a[s:s + win] ** 2)) > 0.02
        sa = (sa / (sa.max(0) + 1e-12)).max(1) if moving else np.zeros(states.size)
        clean = sp / (1.0 + 100.0 * sa)
        evidence[k] = np.log(clean / (clean.max() + 1e-12) + 1e-3)
    # Viterbi over 1-bpm states
    steps = np.arange(-MAX_STEP, MAX_STEP + 1)
    penalty = 0.5 * (steps / SIGMA) ** 2
    score = evidence[0].copy()
    back = np.zeros((count, states.size), dtype=int)
    for k in range(1, count):
        best = np.full(states.size, -np.inf)
        arg = np.zeros(states.size, dtype=int)
        for d, pen in zip(steps, penalty):
            src = np.arange(states.size) - d
            ok = (src >= 0) & (src < states.size)
            cand = np.full(states.size, -np.inf)
            cand[ok] = score[src[ok]] - pen
            better = cand > best
            best[better], arg[better] = cand[better], src[better]
        score = best + evidence[k]
        back[k] = arg
    path = np.zeros(count, dtype=int)
    path[-1] = int(np.argmax(score))
    for k in range(count - 1, 0, -1):
        path[k - 1] = back[k, path[k]]
    return bpm[path].astype(float)
