import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import detect_motion


def test_quiet_then_motion_default_window():
    rng = np.random.default_rng(0)
    quiet = 30 + 0.1 * rng.normal(size=(200, 10))
    moving = 30 + 2.0 * rng.normal(size=(150, 10))
    x = np.vstack([quiet, moving, quiet[:30]])     # 380 samples -> 7 windows of 50
    scores, motion = detect_motion(x, threshold=0.5)
    assert scores.shape == (7,) and motion.dtype == np.bool_
    assert motion.tolist() == [False] * 4 + [True] * 3
    np.testing.assert_allclose(scores[0], x[:50].var(axis=0).mean(), rtol=1e-12)
    np.testing.assert_allclose(scores[6], x[300:350].var(axis=0).mean(), rtol=1e-12)


def test_known_scores_one_dimensional():
    x = np.array([1.0, 3.0, 1.0, 3.0, 0.0, 0.0, 0.0, 0.0, 5.0])
    scores, motion = detect_motion(x, threshold=0.9, window=4)
    np.testing.assert_allclose(scores, [1.0, 0.0])
    assert motion.tolist() == [True, False]


def test_strictly_greater_than_threshold():
    x = np.array([1.0, 3.0, 1.0, 3.0])
    _, motion = detect_motion(x, threshold=1.0, window=4)
    assert motion.tolist() == [False]
    _, motion = detect_motion(x, threshold=0.0, window=2)
    assert motion.tolist() == [True, True]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), window=st.integers(2, 20), t_extra=st.integers(0, 60),
       s=st.integers(1, 5), thr=st.floats(0, 3))
def test_property_matches_loop(seed, window, t_extra, s, thr):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(window + t_extra, s)) * rng.uniform(0.1, 2)
    scores, motion = detect_motion(x, threshold=thr, window=window)
    n = x.shape[0] // window
    exp = np.array([np.mean([np.var(x[i * window:(i + 1) * window, j]) for j in range(s)])
                    for i in range(n)])
    assert scores.shape == (n,)
    np.testing.assert_allclose(scores, exp, rtol=1e-10, atol=1e-14)
    np.testing.assert_array_equal(motion, exp > thr)


def test_integer_input_and_shift_invariance():
    x = [0, 4, 0, 4, 10, 10, 10, 10]
    scores, _ = detect_motion(x, threshold=1, window=4)
    np.testing.assert_allclose(scores, [4.0, 0.0])
    s2, _ = detect_motion(np.array(x) + 1000, threshold=1, window=4)
    np.testing.assert_allclose(s2, scores)


@pytest.mark.parametrize("args,kwargs", [
    ((np.ones(100), 0.1), {"window": 1}),
    ((np.ones(100), -0.1), {}),
    ((np.ones((10, 2, 2)), 0.1), {"window": 5}),
    ((np.array(5.0), 0.1), {}),
    ((np.ones(49), 0.1), {}),
])
def test_invalid_input_raises(args, kwargs):
    with pytest.raises(ValueError):
        detect_motion(*args, **kwargs)
