"""Rolling-bearing diagnosis by envelope analysis of the housing's resonance bands.

Bearing defects make short impacts at a characteristic rate (BPFO, BPFI, BSF from the shaft
speed and the bearing geometry); each impact rings a structural resonance of the housing at a
few kHz, far above the fault rate. The low-frequency spectrum is dominated by shaft harmonics
(imbalance, misalignment) and gear mesh, so the fault shows only after demodulation of a
resonance band. Choosing the band by kurtosis is not safe when the machine also knocks now and
then, so every candidate band above the shaft-harmonic region is demodulated in turn (squared
envelope, isolated spikes clipped) and its envelope spectrum is searched for the defect
frequencies and their harmonics, allowing 2 % for rolling-element slip. Knocks are impulsive
but not periodic, so they add no lines; shaft-rate lines in the envelope (gear-mesh modulation,
load changes) are not at the defect frequencies."""
import numpy as np


def _rates(fr, n, ball, pitch, contact):
    ratio = ball / pitch * np.cos(np.radians(contact))
    return {"outer_race": n / 2 * fr * (1 - ratio), "inner_race": n / 2 * fr * (1 + ratio),
            "rolling_element": pitch / (2 * ball) * fr * (1 - ratio ** 2)}


def _line_strength(freqs, spec, target, slip=0.02):
    """Peak of the envelope spectrum within +-slip of target over the local background (ratio)."""
    if target >= freqs[-1] * 0.9:
        return 0.0
    near = (freqs >= target * (1 - slip)) & (freqs <= target * (1 + slip))
    around = (freqs >= target * 0.75) & (freqs <= target * 1.25) & ~near
    if not near.any() or not around.any():
        return 0.0
    return float(spec[near].max() / (np.median(spec[around]) + 1e-30))


def diagnose_bearing(acc, fs, shaft_hz, n_elements, element_d_mm, pitch_d_mm, contact_deg):
    x = np.asarray(acc, dtype=float)
    if x.ndim != 1:
        raise ValueError("acc must be 1-D")
    if not (fs > 0 and shaft_hz > 0 and n_elements > 0 and element_d_mm > 0 and pitch_d_mm > 0):
        raise ValueError("fs, shaft speed and geometry must be positive")
    if element_d_mm >= pitch_d_mm:
        raise ValueError("element diameter must be smaller than the pitch diameter")
    x = x - x.mean()
    rates = _rates(shaft_hz, n_elements, element_d_mm, pitch_d_mm, contact_deg)
    top = max(rates.values())
    half = max(400.0, 2.5 * top)
    spec_full = np.fft.rfft(x)
    f = np.fft.rfftfreq(x.size, 1 / fs)
    scores = dict.fromkeys(rates, 0.0)
    # the lowest band starts just above the shaft harmonics: a housing resonance can lie at
    # only a few times a fast bearing's defect rate and must still be demodulated
    centre = max(500.0, 10 * shaft_hz) + half
    while centre + half < 0.47 * fs:  # candidate demodulation bands, half-overlapping
        spec = np.where((f >= centre - half) & (f <= centre + half), spec_full, 0)
        analytic = np.fft.ifft(np.concatenate([spec, np.zeros(x.size - spec.size)]) * 2)
        env = np.abs(analytic) ** 2
        # isolated knocks: clip the squared envelope so that a few huge spikes do not whiten it
        env = np.minimum(env, 8 * np.median(env))
        env -= env.mean()
        env_spec = np.abs(np.fft.rfft(env * np.hanning(env.size)))
        for kind, rate in rates.items():
            harmonics = [rate, 2 * rate] if kind != "rolling_element" else [rate, 2 * rate,
                                                                            3 * rate]
            strengths = sorted((_line_strength(f, env_spec, h) for h in harmonics),
                               reverse=True)
            scores[kind] = max(scores[kind], strengths[0] + strengths[1])
        centre += half
    best = max(scores, key=scores.get)
    return best if scores[best] > 8.0 else "healthy"
