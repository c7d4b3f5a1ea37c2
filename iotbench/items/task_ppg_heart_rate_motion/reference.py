"""Heart rate from wrist PPG during exercise, every 2 s.

12 s analysis windows centred on each 2 s interval (fine enough to resolve heart rate and
cadence a few bpm apart). In each window the motion artefact is
removed with the accelerometer as a noise reference: the band-passed PPG is regressed on the
three band-passed acceleration axes at several small lags (a short adaptive FIR per axis, fitted
by least squares), which cancels whatever part of the PPG the wrist's movement explains (step
rate, arm swing and their harmonics), whatever the coupling. Frequencies where the wrist moves
are further de-weighted. The heart rate is the strongest remaining spectral peak near the
estimate predicted from the track's recent trend (heart rate changes slowly, but at the start of
a run it climbs 2-3 bpm per second, and cadence peaks are nearby and stronger). The search is
global only at the start and to relock after losing the track: when a peak well away from every
line of the wrist's movement (whose cancellation residuals and sidebands survive) has been much
stronger than anything near the prediction for several hops."""
import numpy as np
from scipy.signal import butter, sosfiltfilt

WIN_S, HOP_S = 12.0, 2.0
GUARD_BPM = 16      # residual motion lines and their sidebands around each accelerometer line
RELOCK_RATIO = 0.25  # the track counts as lost when a clean peak elsewhere is 4x stronger ...
RELOCK_HOPS = 3      # ... for this many hops in a row
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
    lags = [int(round(lag * fs)) for lag in LAGS_S]
    out = np.zeros(count)
    prev, trend, lost = None, 0.0, 0
    for k in range(count):
        centre = k * hop + hop // 2
        s = int(np.clip(centre - win // 2, 0, ppg.size - win))
        y, ref = x[s:s + win], _lagged(a[s:s + win], lags)
        moving = np.sqrt(np.mean(a[s:s + win] ** 2)) > 0.02
        if moving:   # the wrist moves: cancel its artefact
            coef, *_ = np.linalg.lstsq(ref, y, rcond=None)
            y = y - ref @ coef
        sp = np.abs(np.fft.rfft(y * taper, nfft)) ** 2
        sa = np.abs(np.fft.rfft(a[s:s + win] * taper[:, None], nfft, axis=0)) ** 2
        sa = (sa / (sa[band].max(0) + 1e-12)).max(1)
        clean = sp / (1.0 + 4.0 * sa) * band
        # candidates for a fresh lock: away from the lines of the wrist's movement, whose
        # residuals (and their sidebands) survive the cancellation
        if moving:
            lines = np.convolve(sa > 0.05, np.ones(2 * GUARD_BPM + 1), "same") > 0
            fresh = clean * ~lines
        else:
            fresh = clean
        if prev is None:
            est = bpm[np.argmax(clean)]
            prev = est
        else:
            pred = prev + trend
            near = np.abs(bpm - pred) <= 12
            local = clean[near].max()
            if local < RELOCK_RATIO * fresh.max():
                lost += 1                    # the pulse is stronger elsewhere
            else:
                lost = 0
            if lost >= RELOCK_HOPS:          # relock on the strongest clean peak
                est, trend, lost = bpm[np.argmax(fresh)], 0.0, 0
                prev = est
            else:
                score = clean * near * np.exp(-0.5 * ((bpm - pred) / 8.0) ** 2)
                est = bpm[np.argmax(score)]
                new = 0.75 * est + 0.25 * pred
                trend = float(np.clip(0.7 * trend + 0.3 * (new - prev), -6, 6))
                prev = new
        out[k] = prev
    return out
