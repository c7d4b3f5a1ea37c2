"""Linear phase sanitisation of WiFi CSI across subcarriers."""
import numpy as np


def sanitize_csi_phase(phase, subcarrier_indices=None):
    """Unwrap along subcarriers and remove the per-packet linear trend (slope and offset).

    The slope uses the two outermost subcarriers; the offset makes each packet zero-mean.
    """
    phi = np.asarray(phase, dtype=np.float64)
    if phi.ndim not in (1, 2):
        raise ValueError("phase must be 1-D (S,) or 2-D (T, S)")
    n_sub = phi.shape[-1]
    if n_sub < 2:
        raise ValueError("at least two subcarriers are needed")
    if subcarrier_indices is None:
        k = np.arange(n_sub, dtype=np.float64)
    else:
        k = np.asarray(subcarrier_indices, dtype=np.float64).ravel()
        if k.size != n_sub:
            raise ValueError("subcarrier_indices must have one entry per subcarrier")
        if np.any(np.diff(k) <= 0):
            raise ValueError("subcarrier_indices must be strictly increasing")

    # 1. remove 2*pi jumps between neighbouring subcarriers
    unwrapped = np.unwrap(phi, axis=-1)
    # 2. slope from the outermost subcarriers, one value per packet
    slope = (unwrapped[..., -1] - unwrapped[..., 0]) / (k[-1] - k[0])
    detrended = unwrapped - slope[..., np.newaxis] * k
    # 3. offset: make every packet zero-mean over the subcarriers
    offset = detrended.mean(axis=-1, keepdims=True)
    return detrended - offset
