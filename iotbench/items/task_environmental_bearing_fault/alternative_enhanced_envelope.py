"""Rolling-bearing diagnosis from the enhanced envelope spectrum (cyclostationary analysis; a
different method from the reference's band-by-band demodulation).

A short-time Fourier transform with a small hop gives, for every carrier band, the squared
envelope of the signal in that band. The spectrum of each carrier's squared envelope, divided by
the carrier's mean power, is the cyclic spectral coherence at that carrier; averaged over the
carriers that carry the most bearing-like cyclic content it is an enhanced envelope spectrum, in
which a repetitive impact train shows up as lines at its cyclic frequency whichever resonance it
rings. Discrete tones (shaft harmonics, gear mesh) are not impulsive and contribute little;
isolated knocks are clipped. The defect frequencies and their harmonics are then searched with
2 % allowance for rolling-element slip.

The STFT window is a trade-off: it smooths the squared envelope (so it must be short enough to
pass the highest cyclic frequency tested) and it sets the carrier spacing (so it must be long
enough to isolate a resonance that lies only a few times the defect rate above the shaft
region). Each defect type is therefore tested at the resolution its lines need and at twice
that frequency resolution, and the better of the two counts. Carriers whose window main lobe
reaches down to the shaft harmonics are not used: there the imbalance beats with the gear mesh
at shaft orders, which can fall within the slip allowance of a defect line."""
import numpy as np

HARMONICS = {"outer_race": (1, 2), "inner_race": (1, 2), "rolling_element": (1, 2, 3)}
THRESHOLD = 7.0


def _rates(fr, n, ball, pitch, contact):
    ratio = ball / pitch * np.cos(np.radians(contact))
    return {"outer_race": n / 2 * fr * (1 - ratio), "inner_race": n / 2 * fr * (1 + ratio),
            "rolling_element": pitch / (2 * ball) * fr * (1 - ratio ** 2)}


def _coherence(x, fs, shaft_hz, win, hop):
    """Cyclic spectral coherence |.| per carrier: (cyclic frequencies, (alpha, carrier))."""
    frames = np.lib.stride_tricks.sliding_window_view(x, win)[::hop] * np.hanning(win)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2  # (time, carrier)
    carriers = np.fft.rfftfreq(win, 1 / fs)
    # the Hann main lobe spans +-2 carriers: keep it clear of the shaft harmonics
    keep = (carriers >= max(1000.0, 2 * carriers[1] + 10 * shaft_hz)) & (carriers < 0.45 * fs)
    p = power[:, keep]
    p = np.minimum(p, 8 * np.median(p, axis=0))  # knocks
    mean = p.mean(axis=0)
    p = (p - mean) / mean
    coherence = np.abs(np.fft.rfft(p * np.hanning(p.shape[0])[:, None], axis=0))
    alpha = np.fft.rfftfreq(p.shape[0], hop / fs)
    return alpha, coherence


def _strength(alpha, spec, target):
    """Line height within +-2 % of target over the local median, per column of spec."""
    near = np.abs(alpha - target) <= 0.02 * target
    around = (np.abs(alpha - target) <= 0.25 * target) & ~near
    if not near.any() or not around.any():
        return np.zeros(spec.shape[1:])
    return spec[near].max(axis=0) / (np.median(spec[around], axis=0) + 1e-30)


def _score(alpha, spec, rate, harmonics):
    """Sum of the two strongest of the defect's harmonic lines, per column of spec."""
    s = np.sort([_strength(alpha, spec, h * rate) for h in harmonics], axis=0)
    return s[-1] + s[-2]


def diagnose_bearing(acc, fs, shaft_hz, n_elements, element_d_mm, pitch_d_mm, contact_deg):
    x = np.asarray(acc, dtype=float)
    if x.ndim != 1:
        raise ValueError("acc must be a 1-D array")
    if not (fs > 0 and shaft_hz > 0 and n_elements > 0 and element_d_mm > 0 and pitch_d_mm > 0):
        raise ValueError("fs, shaft speed and geometry must be positive")
    if element_d_mm >= pitch_d_mm:
        raise ValueError("element diameter must be smaller than the pitch diameter")
    x = x - x.mean()
    rates = _rates(shaft_hz, n_elements, element_d_mm, pitch_d_mm, contact_deg)
    top = max(rates.values())
    hop = max(1, int(fs / (8 * 3 * top)))  # envelope sampled well above 3x the top rate
    enhanced = {}  # STFT window length -> (alpha, enhanced envelope spectrum)
    scores = {}
    for kind, rate in rates.items():
        # the window must pass the highest harmonic tested (resonances are a few hundred Hz
        # wide, so a carrier resolution of up to 1 kHz is fine)
        resolution = min(1000.0, max(200.0, 1.5 * max(HARMONICS[kind]) * rate))
        best = 0.0
        for res in {resolution, max(200.0, resolution / 2)}:
            win = 1 << int(np.round(np.log2(fs / res)))
            if win not in enhanced:
                alpha, coh = _coherence(x, fs, shaft_hz, win, hop)
                # carriers with the most bearing-like cyclic content (any defect type)
                content = np.max([_score(alpha, coh, r, HARMONICS[k]) for k, r in rates.items()],
                                 axis=0)
                busy = np.argsort(content)[-max(3, coh.shape[1] // 8):]
                enhanced[win] = (alpha, coh[:, busy].mean(axis=1, keepdims=True))
            alpha, ees = enhanced[win]
            best = max(best, float(_score(alpha, ees, rate, HARMONICS[kind])[0]))
        scores[kind] = best
    best = max(scores, key=scores.get)
    return best if scores[best] > THRESHOLD else "healthy"
