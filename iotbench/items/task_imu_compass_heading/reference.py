"""Tilt-compensated compass with magnetometer calibration.

1. Calibration (first 20 s, phone turned through many orientations): least-squares ellipsoid
   fit to the raw magnetometer samples gives the hard-iron offset (centre) and the soft-iron
   distortion (shape); the correction maps the ellipsoid back to a sphere.
2. Gravity direction: the accelerometer low-passed well below the step frequency (the hand's
   step accelerations average out; the phone's tilt changes slowly).
3. Heading: east = field x up, north = up x east (in the phone's frame); the heading of the
   phone's top (+y) is atan2(east_y, north_y), clockwise from magnetic north."""
import numpy as np
from scipy.signal import butter, sosfiltfilt

CAL_S = 20.0


def _ellipsoid_correction(m):
    """Centre c and matrix T such that T @ (m - c) lies on a sphere."""
    mean = m.mean(axis=0)
    scale = np.sqrt(np.mean(np.sum((m - mean) ** 2, axis=1)))
    x, y, z = ((m - mean) / scale).T  # well-conditioned algebraic fit
    design = np.column_stack([x * x, y * y, z * z, 2 * x * y, 2 * x * z, 2 * y * z,
                              2 * x, 2 * y, 2 * z, np.ones_like(x)])
    _, _, vt = np.linalg.svd(design, full_matrices=False)
    a, b, c, d, e, f, g, h, i, j = vt[-1]
    quad = np.array([[a, d, e], [d, b, f], [e, f, c]])
    lin = np.array([g, h, i])
    if np.linalg.eigvalsh(quad)[0] < 0:  # make the quadric positive definite
        quad, lin, j = -quad, -lin, -j
    centre = mean - scale * np.linalg.solve(quad, lin)
    w, v = np.linalg.eigh(quad)
    transform = v @ np.diag(np.sqrt(np.maximum(w, 1e-12))) @ v.T
    return centre, transform


def compass_heading(mag, acc, fs):
    mag = np.asarray(mag, dtype=float)
    acc = np.asarray(acc, dtype=float)
    if mag.ndim != 2 or mag.shape[1] != 3 or acc.ndim != 2 or acc.shape[1] != 3:
        raise ValueError("mag and acc must have shape (n, 3)")
    if mag.shape[0] != acc.shape[0]:
        raise ValueError("mag and acc must have the same length")
    if not fs > 0:
        raise ValueError("fs must be positive")
    n = mag.shape[0]
    if n < 25 * fs:
        raise ValueError("record shorter than 25 s")
    centre, transform = _ellipsoid_correction(mag[:int(CAL_S * fs)])
    m = (mag - centre) @ transform.T
    m = sosfiltfilt(butter(2, min(4.0, 0.4 * fs), fs=fs, output="sos"), m, axis=0)
    up = sosfiltfilt(butter(2, 0.25, fs=fs, output="sos"), acc, axis=0)
    up /= np.linalg.norm(up, axis=1, keepdims=True)
    east = np.cross(m, up)
    east /= np.linalg.norm(east, axis=1, keepdims=True)
    north = np.cross(up, east)
    return np.degrees(np.arctan2(east[:, 1], north[:, 1])) % 360
