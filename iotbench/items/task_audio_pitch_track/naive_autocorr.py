import numpy as np


def track_pitch(x, fs):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError("x must be a 1-D array")
    if fs <= 0:
        raise ValueError("fs must be positive")
    hop = int(round(fs / 100))
    n_frames = len(x) // hop
    frame_len = int(0.04 * fs)
    lag_min, lag_max = int(fs / 500), int(fs / 60)
    x = x - np.mean(x)
    padded = np.concatenate([np.zeros(frame_len // 2), x, np.zeros(frame_len)])
    window = np.hanning(frame_len)
    energies = np.array([np.sum(padded[k * hop:k * hop + frame_len] ** 2) for k in range(n_frames)])
    silence = 0.01 * np.max(energies) if n_frames else 0.0
    f0 = np.zeros(n_frames)
    for k in range(n_frames):
        frame = padded[k * hop:k * hop + frame_len] * window
        if energies[k] <= silence:
            continue
        r = np.correlate(frame, frame, mode="full")[frame_len - 1:]
        if r[0] <= 0:
            continue
        r = r / r[0]
        seg = r[lag_min:lag_max + 1]
        lag = lag_min + int(np.argmax(seg))
        if r[lag] < 0.4:
            continue
        shift = 0.0
        if lag_min < lag < lag_max:
            a, b, c = r[lag - 1], r[lag], r[lag + 1]
            if a - 2 * b + c < 0:
                shift = 0.5 * (a - c) / (a - 2 * b + c)
        f0[k] = fs / (lag + shift)
    return f0
