"""Conjugate multiplication of the CSI of two antennas (removes shared phase offsets)."""
import numpy as np


def conjugate_multiply(csi_a, csi_b, remove_static=True):
    """Return csi_a * conj(csi_b), optionally minus its mean over time (axis 0)."""
    a = np.asarray(csi_a, dtype=np.complex128)
    b = np.asarray(csi_b, dtype=np.complex128)
    if a.shape != b.shape:
        raise ValueError("csi_a and csi_b must have the same shape")
    if a.size == 0:
        raise ValueError("CSI arrays must not be empty")
    product = a * np.conj(b)
    if remove_static:
        # The static paths give a constant product; subtracting the time mean leaves the
        # dynamic (motion-induced) component.
        product = product - product.mean(axis=0)
    return product
