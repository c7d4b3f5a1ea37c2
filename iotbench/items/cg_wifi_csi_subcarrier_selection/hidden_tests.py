import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import select_subcarriers


def test_picks_high_variance_columns_default_k():
    rng = np.random.default_rng(0)
    scales = np.linspace(0.1, 3.0, 30)
    perm = rng.permutation(30)
    x = 20 + rng.normal(size=(500, 30)) * scales[perm]
    idx, sel = select_subcarriers(x)
    assert idx.shape == (10,) and sel.shape == (500, 10)
    assert np.issubdtype(idx.dtype, np.integer)
    v = x.var(axis=0)
    np.testing.assert_array_equal(idx, np.argsort(-v)[:10])
    np.testing.assert_array_equal(sel, x[:, idx])


def test_known_order_and_ties():
    x = np.array([[0.0, 0.0, 5.0, 1.0, 0.0],
                  [2.0, 0.0, 5.0, -1.0, 2.0],
                  [0.0, 0.0, 5.0, 1.0, 0.0],
                  [2.0, 0.0, 5.0, -1.0, 2.0]])
    idx, sel = select_subcarriers(x, k=4)
    # variances: 1, 0, 0, 1, 1 -> ties broken by lower index
    assert idx.tolist() == [0, 3, 4, 1]
    np.testing.assert_array_equal(sel, x[:, [0, 3, 4, 1]])
    idx1, _ = select_subcarriers(x, k=1)
    assert idx1.tolist() == [0]


def test_k_equals_s_and_single_row():
    x = np.array([[1.0, 2.0, 3.0]])
    idx, sel = select_subcarriers(x, k=3)
    assert idx.tolist() == [0, 1, 2]
    assert sel.shape == (1, 3)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), T=st.sampled_from([1, 2, 4, 8, 16, 32]), S=st.integers(1, 12),
       k=st.integers(1, 12))
def test_property_against_sorted_variances(seed, T, S, k):
    k = min(k, S)
    rng = np.random.default_rng(seed)
    # small integers and a power-of-two length: variances are exact, so ties are exact
    x = rng.integers(0, 3, size=(T, S)).astype(float)
    idx, sel = select_subcarriers(x, k=k)
    v = [float(np.var(x[:, j])) for j in range(S)]
    exp = sorted(range(S), key=lambda j: (-v[j], j))[:k]
    assert idx.tolist() == exp
    np.testing.assert_array_equal(sel, x[:, exp])


def test_list_input():
    idx, sel = select_subcarriers([[1, 5], [1, 9], [1, 1]], k=1)
    assert idx.tolist() == [1]
    np.testing.assert_array_equal(sel, [[5.0], [9.0], [1.0]])


@pytest.mark.parametrize("args", [
    (np.ones(10), 1), (np.ones((0, 5)), 1), (np.ones((4, 5)), 0), (np.ones((4, 5)), 6), (np.ones((4, 5)),),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        select_subcarriers(*args)
