import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import quat_multiply

I, J, K, ONE = (np.array(v, dtype=float) for v in ([0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1],
                                                    [1, 0, 0, 0]))


def about(axis, angle):
    axis = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
    return np.r_[math.cos(angle / 2), math.sin(angle / 2) * axis]


def rotmat(q):
    w, x, y, z = np.asarray(q) / np.linalg.norm(q)
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])


def test_basis_products():
    assert np.allclose(quat_multiply(I, J), K)
    assert np.allclose(quat_multiply(J, K), I)
    assert np.allclose(quat_multiply(K, I), J)
    assert np.allclose(quat_multiply(J, I), -K)        # w == 0: sign unchanged
    assert np.allclose(quat_multiply(K, J), -I)
    assert np.allclose(quat_multiply(I, K), -J)
    assert np.allclose(quat_multiply(I, I), ONE)       # -1 made canonical
    out = quat_multiply(ONE, K)
    assert out.dtype == np.float64 and out.shape == (4,)


def test_every_coefficient():
    q1 = np.array([1.0, 2.0, 3.0, 4.0])
    q2 = np.array([5.0, 6.0, 7.0, 8.0])
    raw = np.array([1 * 5 - 2 * 6 - 3 * 7 - 4 * 8,
                    1 * 6 + 2 * 5 + 3 * 8 - 4 * 7,
                    1 * 7 - 2 * 8 + 3 * 5 + 4 * 6,
                    1 * 8 + 2 * 7 - 3 * 6 + 4 * 5], dtype=float)     # [-60, 12, 30, 24]
    want = -raw / np.linalg.norm(raw)                                   # w < 0 -> negated
    assert np.allclose(quat_multiply(q1, q2), want)
    raw2 = np.array([5 * 1 - 6 * 2 - 7 * 3 - 8 * 4,
                     5 * 2 + 6 * 1 + 7 * 4 - 8 * 3,
                     5 * 3 - 6 * 4 + 7 * 1 + 8 * 2,
                     5 * 4 + 6 * 3 - 7 * 2 + 8 * 1], dtype=float)
    assert np.allclose(quat_multiply(q2, q1), -raw2 / np.linalg.norm(raw2))
    q3 = np.array([3.0, -1.0, 0.5, 2.0])
    q4 = np.array([0.5, 0.25, -2.0, 1.0])
    w1, x1, y1, z1 = q3
    w2, x2, y2, z2 = q4
    raw3 = np.array([w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2, w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
                     w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2, w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2])
    assert raw3[0] > 0
    assert np.allclose(quat_multiply(q3, q4), raw3 / np.linalg.norm(raw3))


def test_rotation_composition():
    q = quat_multiply(about([0, 0, 1], math.radians(30)), about([0, 0, 1], math.radians(60)))
    assert np.allclose(q, about([0, 0, 1], math.radians(90)))
    q = quat_multiply(about([0, 0, 1], math.radians(200)), about([0, 0, 1], math.radians(100)))
    assert q[0] >= 0
    assert np.allclose(rotmat(q), rotmat(about([0, 0, 1], math.radians(300))))


def test_normalises_non_unit_inputs():
    out = quat_multiply(np.array([2.0, 0, 0, 0]), np.array([0.0, 0, 3.0, 0]))
    assert np.allclose(out, J)
    out = quat_multiply(np.array([0.5, 0.5, 0.5, 0.5]) * 7, np.array([1.0, 1.0, 0, 0]))
    assert np.linalg.norm(out) == pytest.approx(1.0)


def test_batches_and_broadcasting():
    batch = np.stack([I, J, K, ONE])
    out = quat_multiply(batch, I)
    assert out.shape == (4, 4)
    assert np.allclose(out, [ONE, -K, J, I])
    out = quat_multiply(I[None, :], batch)
    assert np.allclose(out, [ONE, K, -J, I])
    out = quat_multiply(batch, batch)
    assert np.allclose(out, [ONE, ONE, ONE, ONE])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 100_000), n=st.integers(1, 6))
def test_properties(seed, n):
    rng = np.random.default_rng(seed)
    q1 = rng.normal(size=(n, 4))
    q2 = rng.normal(size=(n, 4))
    out = quat_multiply(q1, q2)
    assert out.shape == (n, 4)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0)
    assert np.all(out[:, 0] >= 0)
    for a, b, q in zip(q1, q2, out):
        assert np.allclose(rotmat(q), rotmat(a) @ rotmat(b), atol=1e-9)


@pytest.mark.parametrize("q1, q2", [
    (np.zeros(4), I),
    (I, np.zeros(4)),
    (np.stack([I, np.zeros(4)]), J),
    (np.zeros(3), I),
    (I, np.zeros((2, 3))),
    (np.ones((2, 2, 4)), I),
    (I, np.ones((3, 1, 4))),
    (np.stack([I, J]), np.stack([I, J, K])),
    (np.float64(1.0), I),
])
def test_invalid_input_raises(q1, q2):
    with pytest.raises(ValueError):
        quat_multiply(q1, q2)
