"""SpO2 in the frequency domain: after removing the ambient light, each 8 s window's red and IR
signals are normalised by their steady level and Fourier transformed. The pulse is the IR
spectral peak at heart rates; R is the red/IR ratio of the spectral magnitude at that peak
(and its harmonic). Only windows whose red and IR spectra are both dominated by that peak (a
clean pulse, not broadband movement or a drive-current step) and whose pulse rate agrees with
the record's consensus are kept; the median R goes through the calibration table."""
import numpy as np

WINDOW_S, HOP_S = 8.0, 1.0


def estimate_spo2(red, ir, ambient, fs, calibration):
    red, ir, ambient = (np.asarray(x, dtype=float) for x in (red, ir, ambient))
    if red.ndim != 1 or red.shape != ir.shape or red.shape != ambient.shape:
        raise ValueError("red, ir and ambient must be 1-D arrays of the same length")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if red.size < 10 * fs:
        raise ValueError("recording shorter than 10 s")
    table = np.asarray(calibration, dtype=float)
    if table.ndim != 2 or table.shape[1] != 2 or table.shape[0] < 2 \
            or np.any(np.diff(table[:, 0]) <= 0):
        raise ValueError("calibration must hold at least two points with increasing R")
    red_led, ir_led = red - ambient, ir - ambient
    win, hop = int(WINDOW_S * fs), int(HOP_S * fs)
    nfft = 8 * win
    freqs = np.fft.rfftfreq(nfft, 1 / fs)
    band = (freqs >= 0.5) & (freqs <= min(5.0, fs / 2))
    heart = (freqs >= 0.6) & (freqs <= 3.3)
    taper = np.hanning(win)
    rows = []
    for s in range(0, red.size - win + 1, hop):
        x_r, x_i = red_led[s:s + win], ir_led[s:s + win]
        if x_r.mean() <= 0 or x_i.mean() <= 0:
            continue
        t = np.arange(win)
        # remove the steady level and its linear trend, normalise by the level
        spec = []
        for x in (x_r, x_i):
            coef = np.polyfit(t, x, 1)
            spec.append(np.abs(np.fft.rfft((x - np.polyval(coef, t)) * taper, nfft)) / x.mean())
        s_r, s_i = spec
        k0 = int(np.flatnonzero(heart)[np.argmax(s_i[heart])])
        f0 = freqs[k0]
        if s_i[k0 - 1] >= s_i[k0] or s_i[k0 + 1] >= s_i[k0]:
            continue  # the largest value sits on the band edge: drift or movement, no pulse
        near = (np.abs(freqs - f0) <= 0.15) | (np.abs(freqs - 2 * f0) <= 0.15)
        # both channels must be dominated by the pulse: a drive-current step or movement in
        # one channel only leaves the other one clean
        purity = min((x[near & band] ** 2).sum() / (x[band] ** 2).sum() for x in (s_r, s_i))
        k2 = int(np.argmin(np.abs(freqs - 2 * f0)))
        r_val = (s_r[k0] + s_r[k2]) / (s_i[k0] + s_i[k2])
        rows.append((r_val, purity, f0, s_i[k0]))
    if not rows:
        raise ValueError("no usable signal")
    ratios, purity, f0, size = map(np.array, zip(*rows))
    good = purity >= 0.7
    if good.sum() >= 2:
        rate = np.median(f0[good])
        good &= np.abs(f0 - rate) <= 0.2
    if good.sum() == 0:
        good = purity >= np.percentile(purity, 75)
    r_value = float(np.median(ratios[good]))
    return float(np.clip(np.interp(r_value, table[:, 0], table[:, 1]), 0.0, 100.0))
