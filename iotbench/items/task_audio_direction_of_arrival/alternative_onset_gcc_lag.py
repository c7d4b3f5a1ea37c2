"""Direction of a talker by onset-gated GCC-PHAT in the lag domain, with the steady noise field
removed (the same precedence principle as the reference, a different estimator).

The stationary part of the noise (fan, air conditioning, diffuse room noise) has a steady
cross-spectrum between the microphones: it is estimated per frequency from the quietest frames
and subtracted from every frame. Time-frequency bins vote only at sound onsets - when a bin's
level rises 6-12 dB above its own recent maximum, where only the direct sound has arrived yet
(precedence effect) - and only when well above the noise floor. The whitened (phase transform)
votes are summed, transformed back to a generalised cross-correlation with 64x interpolation and
the peak within the physically possible delays gives the time difference and the angle."""
import numpy as np

SPEED_OF_SOUND = 343.0


def estimate_direction(x, fs, spacing_m):
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("x must have shape (n, 2)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if not spacing_m > 0:
        raise ValueError("spacing_m must be positive")
    x = x - x.mean(axis=0)
    n_fft = 1 << int(np.round(np.log2(0.032 * fs)))
    hop = n_fft // 4
    if x.shape[0] < n_fft + hop:
        x = np.vstack([x, np.zeros((n_fft + hop - x.shape[0], 2))])
    starts = np.arange(0, x.shape[0] - n_fft + 1, hop)
    frames = x[starts[:, None] + np.arange(n_fft)[None, :], :] * np.hanning(n_fft)[None, :, None]
    spec = np.fft.rfft(frames, axis=1)
    f = np.fft.rfftfreq(n_fft, 1 / fs)
    band = (f >= 200) & (f <= min(6000.0, 0.45 * fs))
    s0, s1 = spec[:, band, 0], spec[:, band, 1]
    level = 10 * np.log10(0.5 * (np.abs(s0) ** 2 + np.abs(s1) ** 2) + 1e-30)
    floor = np.percentile(level, 20, axis=0)
    cross = s0 * np.conj(s1)
    quiet = level <= floor[None, :]
    cross = cross - (cross * quiet).sum(0) / np.maximum(quiet.sum(0), 1)
    recent = np.empty_like(level)
    recent[0] = level[0]
    forget = 40.0 * hop / fs  # dB per frame
    for i in range(1, len(level)):
        recent[i] = np.maximum(recent[i - 1] - forget, level[i - 1])
    loud = level - floor[None, :] > 10.0
    weight = np.clip((level - recent - 6.0) / 6.0, 0.0, 1.0) * loud
    if weight.sum() < 5:
        weight = loud.astype(float)
    g = np.zeros(f.size, complex)
    g[band] = (cross / (np.abs(cross) + 1e-30) * weight).sum(axis=0)
    interp = 64
    cc = np.fft.irfft(g, n_fft * interp)
    max_lag = int(np.ceil(spacing_m / SPEED_OF_SOUND * fs * interp))
    lags = np.arange(-max_lag, max_lag + 1)
    tau = lags[int(np.argmax(cc[lags % cc.size]))] / (fs * interp)
    # positive lag: channel 0 lags channel 1, the talker is on microphone 1's side
    return float(np.degrees(np.arcsin(np.clip(tau * SPEED_OF_SOUND / spacing_m, -1.0, 1.0))))
