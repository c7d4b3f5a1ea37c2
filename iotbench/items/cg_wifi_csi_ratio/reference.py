"""CSI ratio between two antennas with protection against near-zero divisors."""
import numpy as np


def csi_ratio(csi_a, csi_b, min_magnitude=1e-6):
    """Return csi_a / csi_b, with nan+nanj where |csi_b| < min_magnitude."""
    a = np.asarray(csi_a, dtype=np.complex128)
    b = np.asarray(csi_b, dtype=np.complex128)
    if a.shape != b.shape:
        raise ValueError("csi_a and csi_b must have the same shape")
    if a.size == 0:
        raise ValueError("CSI arrays must not be empty")
    if min_magnitude < 0:
        raise ValueError("min_magnitude must be non-negative")
    weak = np.abs(b) < min_magnitude
    with np.errstate(divide="ignore", invalid="ignore"):     # weak entries are overwritten
        ratio = a / b
    ratio[weak] = complex(np.nan, np.nan)
    return ratio
