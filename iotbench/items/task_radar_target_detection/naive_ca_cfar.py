import numpy as np


def detect_targets(profiles):
    x = np.asarray(profiles, dtype=float)
    if x.ndim != 2:
        raise ValueError("profiles must be 2-D")
    if x.shape[1] < 16:
        raise ValueError("too few bins")
    if np.any(x < 0) or not np.all(np.isfinite(x)):
        raise ValueError("powers must be finite and non-negative")
    guard, train, pfa = 2, 12, 1e-4
    n = 2 * train
    alpha = n * (pfa ** (-1.0 / n) - 1)  # cell-averaging CFAR factor
    kernel = np.concatenate([np.ones(train), np.zeros(2 * guard + 1), np.ones(train)])
    out = []
    for row in x:
        padded = np.pad(row, guard + train, mode="reflect")
        noise = np.convolve(padded, kernel, mode="valid") / n
        hit = row > alpha * noise
        dets = [i for i in np.flatnonzero(hit)
                if (i == 0 or row[i] >= row[i - 1]) and (i == row.size - 1 or row[i] > row[i + 1])]
        out.append([int(i) for i in dets])
    return out
