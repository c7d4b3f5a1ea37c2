import numpy as np


def track_pitch(x, fs):
    """Textbook YIN, frame by frame."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError("x must be a 1-D array")
    if fs <= 0:
        raise ValueError("fs must be positive")
    hop = int(round(fs / 100))
    n_frames = len(x) // hop
    fmin, fmax, threshold = 60.0, 500.0, 0.1
    tau_min, tau_max = int(fs / fmax), int(fs / fmin)
    w = int(0.025 * fs)
    x = x - np.mean(x)
    pad = np.concatenate([np.zeros(w), x, np.zeros(w + tau_max + 1)])
    energies = np.array([np.sum(pad[w + k * hop - w // 2: w + k * hop + w // 2] ** 2)
                         for k in range(n_frames)])
    silence = 1e-3 * np.max(energies) if n_frames else 0.0
    out = np.zeros(n_frames)
    for k in range(n_frames):
        if energies[k] <= silence:
            continue
        start = w + k * hop - w // 2
        frame = pad[start:start + w + tau_max + 1]
        r = np.correlate(frame, frame[:w], mode="valid")[:tau_max + 1]
        sq = np.concatenate([[0.0], np.cumsum(frame ** 2)])
        taus = np.arange(tau_max + 1)
        d = sq[w] + (sq[taus + w] - sq[taus]) - 2 * r
        cmnd = np.ones_like(d)
        cum = np.cumsum(d[1:])
        cmnd[1:] = d[1:] * np.arange(1, tau_max + 1) / np.maximum(cum, 1e-12)
        tau = None
        for t in range(tau_min, tau_max):
            if cmnd[t] < threshold:
                while t + 1 < tau_max and cmnd[t + 1] < cmnd[t]:
                    t += 1
                tau = t
                break
        if tau is None:
            t = tau_min + int(np.argmin(cmnd[tau_min:tau_max]))
            if cmnd[t] > 0.3:
                continue
            tau = t
        shift = 0.0
        if 0 < tau < tau_max:
            a, b, c = cmnd[tau - 1], cmnd[tau], cmnd[tau + 1]
            if a - 2 * b + c > 0:
                shift = 0.5 * (a - c) / (a - 2 * b + c)
        out[k] = fs / (tau + shift)
    return out
