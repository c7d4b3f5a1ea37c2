"""Reference solution for cg_imu_quaternion."""

import numpy as np


def quat_multiply(q1, q2):
    """Normalised Hamilton product q1 * q2 of [w, x, y, z] quaternions with w >= 0."""
    a = np.asarray(q1, dtype=np.float64)
    b = np.asarray(q2, dtype=np.float64)
    for q in (a, b):
        if q.ndim not in (1, 2) or q.shape[-1] != 4:
            raise ValueError("quaternions must have shape (4,) or (n, 4)")
    # the component arithmetic broadcasts (4,) against (n, 4); mismatched n raise ValueError
    w1, x1, y1, z1 = np.moveaxis(a, -1, 0)
    w2, x2, y2, z2 = np.moveaxis(b, -1, 0)
    q = np.stack([
        w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2,
        w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
        w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2,
        w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2,
    ], axis=-1)
    norm = np.linalg.norm(q, axis=-1, keepdims=True)
    if np.any(norm == 0):
        raise ValueError("zero quaternion")
    q = q / norm
    return np.where(q[..., :1] < 0, -q, q)    # canonical sign: w >= 0
