"""Target ranges by iterative tone extraction (CLEAN), without a tapering window.

The beat signal is a sum of tones (one per target, plus the transmitter's leakage and a DC
offset) in noise. The strongest tone is located on a finely zero-padded spectrum, its frequency
refined, its amplitude and phase fitted by least squares, and all tones found so far are re-fitted jointly and subtracted
from the samples;
this repeats until the strongest remaining peak is no longer well above the noise. Subtracting a
tone removes its side lobes with it, so weak far targets beside strong near ones (or the leakage)
emerge without a window. A tone's frequency found one at a time is slightly off when a strong tone
sits close to DC (the leakage): what it leaves behind looks like weak tones nearby. So all the
frequencies are finally refined together by nonlinear least squares, and tones whose jointly
fitted amplitude is not well above the residual noise are dropped. Tones from 1 m on are reported.
"""
import numpy as np
from scipy.optimize import least_squares

C = 3.0e8
MIN_RANGE = 1.0
PAD = 16
SNR_DB = 14.0


def _fit(x, t, f):
    basis = np.column_stack([np.cos(2 * np.pi * f * t), np.sin(2 * np.pi * f * t), np.ones_like(t)])
    coef, *_ = np.linalg.lstsq(basis, x, rcond=None)
    return basis @ coef


def _fit_all(x, t, freqs):
    """Joint least-squares fit of all tones found so far (and a constant)."""
    cols = [np.ones_like(t)]
    for f in freqs:
        cols += [np.cos(2 * np.pi * f * t), np.sin(2 * np.pi * f * t)]
    basis = np.column_stack(cols)
    coef, *_ = np.linalg.lstsq(basis, x, rcond=None)
    return basis @ coef


def _refine(x, t, f, step):
    """Golden-section search of the frequency that removes the most energy."""
    lo, hi = f - step, f + step
    g = (np.sqrt(5) - 1) / 2
    for _ in range(30):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        ra = np.sum((x - _fit(x, t, a)) ** 2)
        rb = np.sum((x - _fit(x, t, b)) ** 2)
        lo, hi = (lo, b) if ra < rb else (a, hi)
    return 0.5 * (lo + hi)


def _basis(t, freqs):
    cols = [np.ones_like(t)]
    for f in freqs:
        cols += [np.cos(2 * np.pi * f * t), np.sin(2 * np.pi * f * t)]
    return np.column_stack(cols)


def _joint(x, t, freqs, bin_hz):
    """Refine all frequencies together (amplitudes solved linearly inside)."""
    def resid(f):
        b = _basis(t, f)
        coef, *_ = np.linalg.lstsq(b, x, rcond=None)
        return x - b @ coef

    # a tone at 0 Hz would duplicate the constant term: keep every tone at least 0.2 bin from DC
    f0 = np.maximum(np.asarray(freqs, dtype=float), 0.25 * bin_hz)
    lo = np.maximum(f0 - 0.5 * bin_hz, 0.2 * bin_hz)
    sol = least_squares(resid, f0, bounds=(lo, f0 + 0.5 * bin_hz), x_scale=bin_hz)
    return list(sol.x)


def _prune(x, t, freqs, snr_db):
    """Drop, weakest first, tones whose fitted amplitude is not well above the residual noise."""
    freqs = list(freqs)
    while freqs:
        b = _basis(t, freqs)
        coef, *_ = np.linalg.lstsq(b, x, rcond=None)
        sigma2 = np.mean((x - b @ coef) ** 2)
        amp2 = coef[1::2] ** 2 + coef[2::2] ** 2
        snr = x.size * amp2 / (4 * sigma2)
        j = int(np.argmin(snr))
        if snr[j] >= 10 ** (snr_db / 10):
            break
        freqs.pop(j)
    return freqs


def target_ranges(beat, fs, bandwidth, chirp_time):
    x = np.asarray(beat, dtype=float)
    if x.ndim != 1 or x.size < 16:
        raise ValueError("beat must be a 1-D array of at least 16 samples")
    if not (fs > 0 and bandwidth > 0 and chirp_time > 0):
        raise ValueError("fs, bandwidth and chirp_time must be positive")
    n = x.size
    t = np.arange(n) / fs
    slope = bandwidth / chirp_time
    x0 = x - x.mean()
    x = x0.copy()
    nfft = PAD * n
    freqs = np.fft.rfftfreq(nfft, 1 / fs)
    found = []
    bin_hz = fs / n
    for _ in range(40):
        spec = np.abs(np.fft.rfft(x, nfft)) ** 2
        # noise power per bin from the residual (robust: median of the unpadded bins)
        noise = np.median(spec[::PAD]) / np.log(2)
        search = spec.copy()
        search[freqs < 0.25 * bin_hz] = 0.0  # the constant term models DC
        for g in found:  # leftovers of tones already found are handled by re-fitting them
            search[np.abs(freqs - g) < 1.5 * bin_hz] = 0.0
        k = int(np.argmax(search))
        if search[k] < noise * 10 ** (SNR_DB / 10):
            break
        found.append(_refine(x, t, freqs[k], 0.5 * bin_hz))
        for j in range(len(found)):  # refine every tone against all the others
            base = x0 - _fit_all(x0, t, found[:j] + found[j + 1:])
            found[j] = _refine(base, t, found[j], 0.25 * bin_hz)
        x = x0 - _fit_all(x0, t, found)  # re-fit all tones together: no leftovers
    if found:
        found = _prune(x0, t, _joint(x0, t, found, bin_hz), SNR_DB)
    # a strong tone may leave a small residual next to it after subtraction: keep the first
    # (strongest) tone found within one and a half range bins
    res = C / (2 * bandwidth)
    kept = []
    for f in found:
        r = C * f / (2 * slope)
        if all(abs(r - q) > 1.5 * res for q in kept):
            kept.append(r)
    # an estimate may fall a fraction of a bin short of the 1 m limit
    return sorted(float(r) for r in kept if r >= MIN_RANGE - 0.5 * res)
