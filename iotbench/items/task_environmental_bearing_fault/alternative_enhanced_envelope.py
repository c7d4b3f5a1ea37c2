"""Rolling-bearing diagnosis from the enhanced envelope spectrum (cyclostationary analysis; a
different method from the reference's band-by-band demodulation).

A short-time Fourier transform with a small hop gives, for every carrier band, the squared
envelope of the signal in that band. The spectrum of each band's squared envelope, divided by
the band's mean power, is the cyclic spectral coherence at that carrier; averaged over the
eighth of the carriers above the shaft-harmonic region whose envelope fluctuates most (the
ringing resonance) it is an enhanced envelope spectrum, in which a repetitive impact train shows
up as lines at its cyclic frequency whichever resonance it rings. Discrete tones (shaft
harmonics, gear mesh) are not impulsive and contribute little; isolated knocks are clipped. The
defect frequencies and their harmonics are then searched with 2 % allowance for rolling-element
slip."""
import numpy as np


def _rates(fr, n, ball, pitch, contact):
    ratio = ball / pitch * np.cos(np.radians(contact))
    return {"outer_race": n / 2 * fr * (1 - ratio), "inner_race": n / 2 * fr * (1 + ratio),
            "rolling_element": pitch / (2 * ball) * fr * (1 - ratio ** 2)}


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
    # carrier resolution: the STFT window smooths the envelope, so it must be short enough to
    # pass the second harmonic of the fastest defect rate (a 200 Hz resolution loses the lines
    # of a fast outer-race fault); resonances are a few hundred Hz wide, so up to 1 kHz is fine
    resolution = min(1000.0, max(200.0, 3.0 * top))
    win = 1 << int(np.round(np.log2(fs / resolution)))
    hop = max(1, int(fs / (8 * 3 * top)))  # envelope sampled well above 3x the top rate
    frames = np.lib.stride_tricks.sliding_window_view(x, win)[::hop] * np.hanning(win)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2  # (time, carrier)
    carriers = np.fft.rfftfreq(win, 1 / fs)
    keep = (carriers > max(1000.0, 6 * top)) & (carriers < 0.45 * fs)
    p = power[:, keep]
    p = np.minimum(p, 8 * np.median(p, axis=0))  # knocks
    mean = p.mean(axis=0)
    p = (p - mean) / mean
    window = np.hanning(p.shape[0])[:, None]
    coherence = np.abs(np.fft.rfft(p * window, axis=0))
    # carriers whose envelope fluctuates most (the ringing resonance) carry the impacts
    busy = np.argsort(p.var(axis=0))[-max(3, p.shape[1] // 8):]
    ees = coherence[:, busy].mean(axis=1)
    alpha = np.fft.rfftfreq(p.shape[0], hop / fs)
    scores = {}
    for kind, rate in rates.items():
        strengths = []
        for h in (1, 2, 3):
            target = h * rate
            near = np.abs(alpha - target) <= 0.02 * target
            around = (np.abs(alpha - target) <= 0.25 * target) & ~near
            if not near.any() or not around.any():
                strengths.append(0.0)
                continue
            strengths.append(ees[near].max() / (np.median(ees[around]) + 1e-30))
        if kind != "rolling_element":
            strengths = strengths[:2]
        strengths.sort(reverse=True)
        scores[kind] = strengths[0] + strengths[1]
    best = max(scores, key=scores.get)
    return best if scores[best] > 6.0 else "healthy"
