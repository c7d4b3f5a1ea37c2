"""Heart rate from wrist PPG during exercise, every 2 s.

12 s analysis windows centred on each 2 s interval (fine enough to resolve heart rate and
cadence a few bpm apart). In each window the motion artefact is
removed with the accelerometer as a noise reference: the band-passed PPG is regressed on the
three band-passed acceleration axes at several small lags (a short adaptive FIR per axis, fitted
by least squares), which cancels whatever part of the PPG the wrist's movement explains (step
rate, arm swing and their harmonics), whatever the coupling. Frequencies where the wrist moves
are further de-weighted. The heart rate is the strongest remaining spectral peak near the
previous estimate (heart rate changes slowly, cadence peaks are nearby and stronger); the
search is global only at the start and after losing the track."""
import numpy as np
from scipy.signal import butter, sosfiltfilt

WIN_S, HOP_S = 12.0, 2.0
LAGS_S = (-0.12, -0.06, 0.0, 0.06, 0.12)


def _lagged(a, lags):
    cols = []
    for axis in range(a.shape[1]):
        for lag in lags:
            cols.append(np.roll(a[:, axis], lag))
    return np.column_stack(cols)


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
    nfft = int(60 * fs)                     # 1 bpm bins
    bpm = np.fft.rfftfreq(nfft, 1 / fs) * 60
    band = (bpm >= 40) & (bpm <= 220)
    taper = np.hanning(win)
    lags = [int(round(l * fs)) for l in LAGS_S]
    out = np.zeros(count)
    prev, lost = None, 0
    for k in range(count):
        centre = k * hop + hop // 2
        s = int(np.clip(centre - win // 2, 0, ppg.size - win))
        y, ref = x[s:s + win], _lagged(a[s:s + win], lags)
        if np.sqrt(np.mean(a[s:s + win] ** 2)) > 0.02:   # the wrist moves: cancel its artefact
            coef, *_ = np.linalg.lstsq(ref, y, rcond=None)
            y = y - ref @ coef
        sp = np.abs(np.fft.rfft(y * taper, nfft)) ** 2
        sa = np.abs(np.fft.rfft(a[s:s + win] * taper[:, None], nfft, axis=0)) ** 2
        sa = (sa / (sa[band].max(0) + 1e-12)).max(1)
        clean = sp / (1.0 + 4.0 * sa) * band
        if prev is None:
            est = bpm[np.argmax(clean)]
        else:
            near = np.abs(bpm - prev) <= 12
            if clean[near].max() < 0.1 * clean.max():
                lost += 1
                est = prev
            else:
                score = clean * near * np.exp(-0.5 * ((bpm - prev) / 8.0) ** 2)
                est = bpm[np.argmax(score)]
                lost = 0
            if lost >= 8:
                lost = 0
                est = bpm[np.argmax(clean)]
        prev = est if prev is None else 0.7 * est + 0.3 * prev
        out[k] = prev
    return out
