"""Reference solution for the heartbeat-detection item: a Pan-Tompkins-style R-peak detector.

Stages:
1. band-pass 5-15 Hz (zero-phase Butterworth) to keep the QRS energy and drop baseline wander,
   T waves, mains hum and most muscle noise;
2. derivative, squaring and a 150 ms moving-window integration, which turn each QRS complex into
   one smooth hump;
3. adaptive signal/noise levels with a 200 ms refractory period, a slope test that rejects T
   waves arriving within 360 ms of a beat, and a search-back with a halved threshold when no
   beat has been seen for 1.66 average RR intervals;
4. each accepted hump is moved to the R-wave extremum of a lightly filtered copy of the signal.

Self-contained: only numpy and scipy are used, and it works for any sampling rate that leaves
the band-pass below Nyquist (in practice 100 Hz and up).  The R-wave polarity is estimated from
the detected complexes, so inverted leads are handled as well.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, find_peaks, sosfiltfilt

REFRACTORY_S = 0.200
T_WAVE_WINDOW_S = 0.360
INTEGRATION_S = 0.150
SEARCH_BACK_FACTOR = 1.66
LEARNING_S = 2.0


def _bandpass(x: np.ndarray, fs: float, low: float, high: float, order: int) -> np.ndarray:
    """Zero-phase Butterworth band-pass; the upper edge is capped below Nyquist."""
    high = min(high, 0.45 * fs)
    sos = butter(order, [low, high], btype="bandpass", fs=fs, output="sos")
    padlen = min(x.size - 1, 3 * int(fs))
    return np.asarray(sosfiltfilt(sos, x, padlen=padlen), dtype=np.float64)


def _integrated_energy(filtered: np.ndarray, fs: float) -> np.ndarray:
    """Derivative, squaring and centred moving-window integration of the band-passed signal."""
    slope = np.gradient(filtered) * fs
    width = max(1, round(INTEGRATION_S * fs))
    return np.convolve(slope**2, np.ones(width) / width, mode="same")


def _max_slope(filtered: np.ndarray, centre: int, fs: float) -> float:
    """Steepest absolute slope of the band-passed signal around a candidate hump."""
    reach = round(0.1 * fs)
    lo, hi = max(0, centre - reach), min(filtered.size, centre + reach + 1)
    if hi - lo < 2:
        return 0.0
    return float(np.max(np.abs(np.diff(filtered[lo:hi]))))


def _classify(mwi: np.ndarray, filtered: np.ndarray, fs: float) -> list[int]:
    """Run the adaptive-threshold decision over the humps of the integrated signal."""
    refractory = round(REFRACTORY_S * fs)
    candidates, props = find_peaks(mwi, distance=refractory, height=0.0)
    heights = props["peak_heights"]
    if candidates.size == 0:
        return []

    learn = mwi[: max(1, int(LEARNING_S * fs))]
    spk = 0.25 * float(np.max(learn))
    npk = 0.5 * float(np.mean(learn))
    beats: list[int] = []
    slopes: list[float] = []
    rr_history: list[int] = []
    noise_since_beat: list[int] = []  # candidate positions (indices into `candidates`)

    def threshold() -> float:
        return npk + 0.25 * (spk - npk)

    def accept(k: int, weight: float) -> None:
        nonlocal spk
        position = int(candidates[k])
        if beats:
            rr_history.append(position - beats[-1])
            del rr_history[:-8]
        beats.append(position)
        slopes.append(_max_slope(filtered, position, fs))
        spk = weight * heights[k] + (1.0 - weight) * spk
        noise_since_beat.clear()

    for k, position in enumerate(candidates):
        # Search back: a long pause means a beat below the main threshold was probably missed.
        if beats and rr_history:
            rr_mean = float(np.mean(rr_history))
            if position - beats[-1] > SEARCH_BACK_FACTOR * rr_mean and noise_since_beat:
                best = max(noise_since_beat, key=lambda m: heights[m])
                if heights[best] > 0.5 * threshold() and candidates[best] - beats[-1] > refractory:
                    accept(best, 0.25)
                elif position - beats[-1] > 2 * SEARCH_BACK_FACTOR * rr_mean:
                    # Still nothing: the signal got smaller (electrode contact, posture); learn
                    # the beat level again instead of waiting for a beat as large as before.
                    spk = max(npk, 0.5 * spk)

        height = heights[k]
        is_beat = height > threshold() and (not beats or position - beats[-1] > refractory)
        # A hump soon after a beat with a much gentler slope than recent beats is a T wave.
        if (
            is_beat
            and beats
            and position - beats[-1] < T_WAVE_WINDOW_S * fs
            and _max_slope(filtered, int(position), fs) < 0.5 * float(np.median(slopes[-8:]))
        ):
            is_beat = False
        if is_beat:
            accept(k, 0.125)
        else:
            npk = 0.125 * height + 0.875 * npk
            noise_since_beat.append(k)
    return beats


def _refine(beats: list[int], wide: np.ndarray, fs: float) -> np.ndarray:
    """Move each hump to the R-wave extremum of the lightly filtered signal nearby."""
    if not beats:
        return np.empty(0, dtype=np.int64)
    reach = round(0.075 * fs)
    windows = [(max(0, b - reach), min(wide.size, b + reach + 1)) for b in beats]
    tops = np.array([np.max(wide[lo:hi]) for lo, hi in windows])
    bottoms = np.array([-np.min(wide[lo:hi]) for lo, hi in windows])
    # Polarity: the R wave is the larger deflection in most complexes.
    sign = 1.0 if np.median(tops) >= np.median(bottoms) else -1.0
    peaks = np.array([lo + int(np.argmax(sign * wide[lo:hi])) for lo, hi in windows])
    peaks = np.unique(peaks)

    # Refinement can pull two humps onto nearby samples: keep the larger within a refractory.
    refractory = round(REFRACTORY_S * fs)
    kept: list[int] = []
    for p in peaks:
        if kept and p - kept[-1] <= refractory:
            if sign * wide[p] > sign * wide[kept[-1]]:
                kept[-1] = int(p)
            continue
        kept.append(int(p))
    return np.asarray(kept, dtype=np.int64)


def detect_r_peaks(signal: np.ndarray, fs: float) -> np.ndarray:
    """Return the sorted sample indices (int64) of the R peaks in a single-lead ECG."""
    x = np.asarray(signal, dtype=np.float64).ravel()
    fs = float(fs)
    if x.size < int(0.5 * fs) or fs <= 0:
        return np.empty(0, dtype=np.int64)
    x = np.where(np.isfinite(x), x, 0.0)
    x = x - np.median(x)

    filtered = _bandpass(x, fs, 5.0, 15.0, order=2)
    mwi = _integrated_energy(filtered, fs)
    beats = _classify(mwi, filtered, fs)
    wide = _bandpass(x, fs, 0.5, 40.0, order=2)
    return _refine(beats, wide, fs)
