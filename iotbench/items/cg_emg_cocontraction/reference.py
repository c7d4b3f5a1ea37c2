"""Reference solution for cg_emg_cocontraction."""

import numpy as np


def cocontraction_index(agonist, antagonist, mvc_agonist, mvc_antagonist):
    """CCI = 2 * sum(min(a, b)) / sum(a + b) * 100 on MVC-normalised envelopes."""
    a = np.asarray(agonist, dtype=np.float64)
    b = np.asarray(antagonist, dtype=np.float64)
    if a.ndim != 1 or a.size == 0 or a.shape != b.shape:
        raise ValueError("envelopes must be non-empty 1-D arrays of equal length")
    if np.any(np.isnan(a)) or np.any(np.isnan(b)) or np.any(a < 0) or np.any(b < 0):
        raise ValueError("envelopes must be non-negative numbers")
    if mvc_agonist <= 0 or mvc_antagonist <= 0:
        raise ValueError("MVC values must be positive")
    a = a / mvc_agonist
    b = b / mvc_antagonist
    total = float(np.sum(a + b))
    cci = 0.0 if total == 0 else 2.0 * float(np.sum(np.minimum(a, b))) / total * 100.0
    sa, sb = float(a.sum()), float(b.sum())
    dominant = "agonist" if sa > sb else "antagonist" if sb > sa else "balanced"
    return cci, dominant
