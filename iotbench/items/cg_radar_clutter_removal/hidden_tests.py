import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import remove_static_clutter


def test_static_target_removed_moving_target_kept():
    M, N = 64, 32
    m = np.arange(M)[:, None]
    n = np.arange(N)
    static = 5.0 * np.exp(2j * np.pi * 0.2 * n) * np.ones((M, 1))
    moving = np.exp(2j * np.pi * (0.35 * n + 0.125 * m))       # 8 Doppler cycles over 64 chirps
    out = remove_static_clutter(static + moving)
    assert out.dtype == np.complex128 and out.shape == (M, N)
    np.testing.assert_allclose(out, moving, atol=1e-12)


def test_known_small_example():
    x = np.array([[1.0, 2.0], [3.0, 6.0]])
    np.testing.assert_allclose(remove_static_clutter(x), [[-1.0, -2.0], [1.0, 2.0]])
    np.testing.assert_allclose(remove_static_clutter(x, axis=1), [[-0.5, 0.5], [-1.5, 1.5]])
    np.testing.assert_allclose(remove_static_clutter(x, axis=-1), [[-0.5, 0.5], [-1.5, 1.5]])


def test_cube_with_chirp_axis_in_the_middle():
    rng = np.random.default_rng(1)
    cube = rng.normal(size=(4, 10, 6)) + 1j * rng.normal(size=(4, 10, 6))
    out = remove_static_clutter(cube, axis=1)
    np.testing.assert_allclose(out, cube - cube.mean(axis=1, keepdims=True), atol=1e-12)
    np.testing.assert_allclose(out.mean(axis=1), 0, atol=1e-12)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), shape=st.lists(st.integers(1, 5), min_size=1, max_size=3),
       data=st.data())
def test_property_zero_mean_and_difference_preserved(seed, shape, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape) + 1j * rng.normal(size=shape)
    out = remove_static_clutter(x, axis=axis)
    assert out.shape == x.shape
    np.testing.assert_allclose(out.mean(axis=axis), 0, atol=1e-12)
    np.testing.assert_allclose(out - x, np.broadcast_to(-x.mean(axis=axis, keepdims=True), x.shape),
                               atol=1e-12)


def test_list_input():
    out = remove_static_clutter([1, 2, 3, 6])
    np.testing.assert_allclose(out, [-2, -1, 0, 3])
    assert out.dtype == np.complex128


@pytest.mark.parametrize("args", [
    (np.array(3.0),), (np.ones((3, 4)), 2), (np.ones((3, 4)), -3), (np.ones((0, 4)),), (np.ones((4, 0)), 1),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        remove_static_clutter(*args)
