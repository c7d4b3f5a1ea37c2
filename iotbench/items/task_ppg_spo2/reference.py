"""SpO2 from a red/IR spot check: remove the ambient light that rides on both LED phases, then
measure the ratio of ratios only where the signal is a clean, periodic arterial pulse.

The recording is cut into 4 s windows (1 s hop). In each window the pulsatile part of each
channel (band-passed to heart rates) is divided by that channel's steady LED light, and R is
the least-squares slope of the red pulse against the IR pulse. Windows count only when the IR
pulse repeats at a heart-rate period, red and IR move together, and the pulse size is typical of
the record's clean windows: movement, re-gripping and drive-current steps make large, irregular
changes whose red/IR ratio is not the arterial one. The median R of the clean windows goes
through the device's calibration table."""
import numpy as np
from scipy.signal import butter, sosfiltfilt

WINDOW_S, HOP_S = 4.0, 1.0


def _check(red, ir, ambient, fs, calibration):
    red, ir, ambient = (np.asarray(x, dtype=float) for x in (red, ir, ambient))
    if red.ndim != 1 or red.shape != ir.shape or red.shape != ambient.shape:
        raise ValueError("red, ir and ambient must be 1-D arrays of the same length")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if red.size < 10 * fs:
        raise ValueError("recording shorter than 10 s")
    table = np.asarray(calibration, dtype=float)
    if table.ndim != 2 or table.shape[1] != 2 or table.shape[0] < 2:
        raise ValueError("calibration needs at least two (R, SpO2) points")
    if np.any(np.diff(table[:, 0]) <= 0):
        raise ValueError("calibration R values must be strictly increasing")
    return red, ir, ambient, float(fs), table


def _periodicity(x, fs):
    x = x - x.mean()
    energy = float(x @ x)
    if energy <= 0:
        return 0.0
    ac = np.correlate(x, x, mode="full")[x.size - 1:] / energy
    lo, hi = int(0.35 * fs), min(int(1.6 * fs), x.size - 1)
    return float(ac[lo:hi].max())


def estimate_spo2(red, ir, ambient, fs, calibration):
    red, ir, ambient, fs, table = _check(red, ir, ambient, fs, calibration)
    red_led = red - ambient   # the photodiode sees room light in every phase
    ir_led = ir - ambient
    sos = butter(2, [0.6, min(5.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    ac_red, ac_ir = sosfiltfilt(sos, red_led), sosfiltfilt(sos, ir_led)
    win, hop = int(WINDOW_S * fs), int(HOP_S * fs)
    ratios, quality, size = [], [], []
    for s in range(0, red.size - win + 1, hop):
        sl = slice(s, s + win)
        dc_r, dc_i = red_led[sl].mean(), ir_led[sl].mean()
        if dc_r <= 0 or dc_i <= 0:
            continue
        rn, inn = ac_red[sl] / dc_r, ac_ir[sl] / dc_i
        denom = float(inn @ inn)
        if denom <= 0:
            continue
        corr = float(rn @ inn) / np.sqrt(float(rn @ rn) * denom)
        ratios.append(float(rn @ inn) / denom)
        quality.append(min(_periodicity(inn, fs), corr))
        size.append(np.sqrt(denom / win))
    ratios, quality, size = map(np.array, (ratios, quality, size))
    if ratios.size == 0:
        raise ValueError("no usable signal")
    good = quality > 0.6
    if good.sum() >= 3:
        typical = np.median(size[good])
        good &= (size < 1.5 * typical) & (size > 0.5 * typical)
    if good.sum() == 0:
        good = quality >= np.percentile(quality, 75)
    r_value = float(np.median(ratios[good]))
    spo2 = np.interp(r_value, table[:, 0], table[:, 1])
    return float(np.clip(spo2, 0.0, 100.0))
