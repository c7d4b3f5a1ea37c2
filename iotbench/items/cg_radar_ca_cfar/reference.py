"""Cell-averaging CFAR detection on a 1-D power profile."""
import numpy as np


def ca_cfar(power, num_train=8, num_guard=2, pfa=1e-3):
    """Return (detections, threshold); edge cells without full training windows are untested."""
    p = np.asarray(power, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError("power must be 1-D")
    if num_train < 1 or num_guard < 0:
        raise ValueError("need num_train >= 1 and num_guard >= 0")
    if not 0 < pfa < 1:
        raise ValueError("pfa must lie strictly between 0 and 1")

    n_cells = p.size
    n_train_total = 2 * num_train
    alpha = n_train_total * (pfa ** (-1.0 / n_train_total) - 1.0)
    reach = num_guard + num_train            # distance to the farthest training cell

    threshold = np.full(n_cells, np.nan)
    detections = np.zeros(n_cells, dtype=bool)
    # prefix sums give the sum of any block of cells in O(1)
    csum = np.concatenate([[0.0], np.cumsum(p)])
    for i in range(reach, n_cells - reach):
        lead = csum[i - num_guard] - csum[i - reach]             # cells i-reach .. i-num_guard-1
        lag = csum[i + reach + 1] - csum[i + num_guard + 1]      # cells i+num_guard+1 .. i+reach
        threshold[i] = alpha * (lead + lag) / n_train_total
        detections[i] = p[i] > threshold[i]
    return detections, threshold
