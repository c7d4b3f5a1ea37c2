"""Principal component analysis of CSI subcarrier amplitude streams."""
import numpy as np


def csi_pca(amplitude, n_components=3):
    """Project centred CSI amplitudes on their leading principal directions.

    Returns (projections (T, n), explained_ratio (n,), denoised (T, S)).
    """
    x = np.asarray(amplitude, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError("amplitude must be 2-D (T, S)")
    n_sub = x.shape[1]
    if not 1 <= n_components <= n_sub:
        raise ValueError("n_components must be between 1 and the number of subcarriers")

    means = x.mean(axis=0)
    centred = x - means
    # Eigen-decomposition of the scatter matrix (covariance up to a positive factor, which
    # changes neither the directions nor the variance ratios); eigh sorts ascending.
    scatter = centred.T @ centred
    eigvals, eigvecs = np.linalg.eigh(scatter)
    order = np.argsort(eigvals)[::-1]
    eigvals = np.clip(eigvals[order], 0.0, None)
    eigvecs = eigvecs[:, order]
    total = eigvals.sum()
    if total <= 0:
        # also covers a single row (T < 2), which has no variance
        raise ValueError("amplitude has zero total variance")

    directions = eigvecs[:, :n_components]
    # Sign convention: the largest-magnitude loading of every direction is positive.
    pivot_values = directions[np.argmax(np.abs(directions), axis=0), np.arange(n_components)]
    # dividing by the pivot and multiplying by its magnitude flips columns with a negative pivot
    directions = directions / pivot_values * np.abs(pivot_values)

    projections = centred @ directions
    explained_ratio = eigvals[:n_components] / total
    denoised = projections @ directions.T + means
    return projections, explained_ratio, denoised
