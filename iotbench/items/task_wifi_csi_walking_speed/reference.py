"""Walking speed from CSI amplitudes. The torso's reflection path (radios side by side at the
end of the hallway) changes at twice the walking speed, so its Doppler frequency is
2 v / wavelength; amplitude-only CSI shows it as an oscillation of every subcarrier's amplitude
(beating with the static paths), with a different phase on each subcarrier. Resample to a
uniform grid, remove the AGC (common to all subcarriers in log amplitude) and the slow trends,
sum the per-subcarrier power spectra over short frames, take the strongest Doppler line in each
frame (the torso: limbs are weaker and spread over a wide band) and the median over the frames
where the person clearly moves."""
import numpy as np

C = 299_792_458.0


def _validate(amplitude, timestamps, carrier_hz):
    a = np.asarray(amplitude, dtype=float)
    t = np.asarray(timestamps, dtype=float)
    if a.ndim != 2:
        raise ValueError("amplitude must be 2-D (subcarriers, packets)")
    if t.ndim != 1 or t.size != a.shape[1]:
        raise ValueError("timestamps must be 1-D with one entry per packet")
    if t.size > 1 and not np.all(np.diff(t) > 0):
        raise ValueError("timestamps must be strictly increasing")
    if not carrier_hz > 0:
        raise ValueError("carrier frequency must be positive")
    return a, t


def walking_speed(amplitude, timestamps, carrier_hz):
    a, t = _validate(amplitude, timestamps, carrier_hz)
    wavelength = C / carrier_hz
    fs = 1.0 / np.median(np.diff(t))
    grid = np.arange(t[0], t[-1], 1.0 / fs)
    logs = np.log(np.maximum(a, 1e-12))
    logs = logs - logs.mean(axis=0, keepdims=True)  # AGC: same gain on every subcarrier
    x = np.array([np.interp(grid, t, row) for row in logs])
    smooth = max(1, int(0.25 * fs))
    kernel = np.ones(smooth) / smooth
    x = x - np.array([np.convolve(row, kernel, mode="same") for row in x])
    frame, hop = int(0.5 * fs), int(0.1 * fs)
    window = np.hanning(frame)
    freqs = np.fft.rfftfreq(frame, 1.0 / fs)
    band = (freqs >= 2 * 0.25 / wavelength) & (freqs <= min(0.48 * fs, 2 * 3.0 / wavelength))
    peaks, energy = [], []
    for start in range(0, x.shape[1] - frame, hop):
        seg = x[:, start:start + frame]
        spec = (np.abs(np.fft.rfft(seg * window, axis=1)) ** 2).sum(axis=0)[band]
        peaks.append(freqs[band][np.argmax(spec)])
        energy.append(spec.sum())
    peaks, energy = np.array(peaks), np.array(energy)
    moving = energy >= np.percentile(energy, 40)
    return float(np.median(peaks[moving]) * wavelength / 2)
