import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import har_features


def oracle_row(seg):
    out = []
    for k in range(3):
        c = seg[:, k]
        out += [c.mean(), c.std(), c.min(), c.max()]
    mag = np.linalg.norm(seg, axis=1)
    out += [mag.mean(), mag.std(), np.abs(seg).sum(axis=1).mean()]
    for i, j in ((0, 1), (0, 2), (1, 2)):
        if seg[:, i].std() == 0 or seg[:, j].std() == 0:
            out.append(0.0)
        else:
            out.append(np.corrcoef(seg[:, i], seg[:, j])[0, 1])
    return out


def test_known_window():
    acc = np.array([[3.0, 0.0, -4.0],
                    [0.0, 1.0, 0.0],
                    [-3.0, 2.0, 4.0],
                    [0.0, 1.0, 0.0]])
    f = har_features(acc, 4, 4)
    assert f.shape == (1, 18) and f.dtype == np.float64
    row = f[0]
    assert np.allclose(row[0:4], [0.0, np.sqrt(4.5), -3.0, 3.0])
    assert np.allclose(row[4:8], [1.0, np.sqrt(0.5), 0.0, 2.0])
    assert np.allclose(row[8:12], [0.0, np.sqrt(8.0), -4.0, 4.0])
    mags = np.array([5.0, 1.0, np.sqrt(29.0), 1.0])
    assert np.allclose(row[12:14], [mags.mean(), mags.std()])
    assert row[14] == pytest.approx((7 + 1 + 9 + 1) / 4)
    # x and z are exactly anti-correlated; x and y, y and z uncorrelated
    assert np.allclose(row[15:18], [np.corrcoef(acc[:, 0], acc[:, 1])[0, 1], -1.0,
                                    np.corrcoef(acc[:, 1], acc[:, 2])[0, 1]])


def test_window_positions():
    acc = np.arange(30, dtype=float).reshape(10, 3)
    f = har_features(acc, 4, 3)          # starts 0, 3, 6 (6 + 4 = 10 fits)
    assert f.shape == (3, 18)
    assert np.allclose(f[:, 0], [acc[0:4, 0].mean(), acc[3:7, 0].mean(), acc[6:10, 0].mean()])
    assert np.allclose(f[:, 3], [acc[3, 0], acc[6, 0], acc[9, 0]])      # x maximum
    assert np.allclose(f[:, 2], [acc[0, 0], acc[3, 0], acc[6, 0]])      # x minimum
    assert har_features(acc, 4, 2).shape == (4, 18)                     # starts 0, 2, 4, 6
    assert har_features(acc, 10, 1).shape == (1, 18)
    assert har_features(acc, 2, 1).shape == (9, 18)
    assert har_features(acc[:9], 4, 3).shape == (2, 18)


def test_constant_axes_give_zero_correlation():
    acc = np.c_[np.arange(8.0), np.full(8, 9.81), -np.arange(8.0)]
    row = har_features(acc, 8, 8)[0]
    assert row[15] == 0.0 and row[17] == 0.0
    assert row[16] == pytest.approx(-1.0)
    assert row[5] == 0.0 and row[6] == row[7] == 9.81


def test_small_values_correlation():
    rng = np.random.default_rng(4)
    acc = 1e-4 * rng.normal(size=(20, 3))
    row = har_features(acc, 20, 5)[0]
    assert np.allclose(row, oracle_row(acc), atol=1e-12)
    assert abs(row[15]) > 1e-3


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 120), window=st.integers(2, 40),
       step=st.integers(1, 15))
def test_matches_definition(seed, n, window, step):
    rng = np.random.default_rng(seed)
    acc = rng.normal(size=(n, 3)) * [1, 2, 3] + [0, 0, 9.81]
    if n < window:
        with pytest.raises(ValueError):
            har_features(acc, window, step)
        return
    f = har_features(acc, window, step)
    starts = list(range(0, n - window + 1, step))
    assert f.shape == (len(starts), 18)
    want = np.array([oracle_row(acc[s:s + window]) for s in starts])
    assert np.allclose(f, want, atol=1e-9)


@pytest.mark.parametrize("kwargs", [
    dict(acc=np.zeros((10, 2)), window=4, step=1),
    dict(acc=np.zeros(30), window=4, step=1),
    dict(acc=np.zeros((10, 3)), window=1, step=1),
    dict(acc=np.zeros((10, 3)), window=4, step=0),
    dict(acc=np.zeros((10, 3)), window=11, step=1),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        har_features(**kwargs)
