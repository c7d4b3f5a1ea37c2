import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import cocontraction_index


def test_known_value():
    a = [0.2, 0.4, 0.6, 0.2]
    b = [0.1, 0.4, 0.2, 0.3]
    cci, dom = cocontraction_index(a, b, 1.0, 1.0)
    # sum(min) = 0.1 + 0.4 + 0.2 + 0.2 = 0.9; sum(a + b) = 2.4 -> 75 %
    assert cci == pytest.approx(75.0)
    assert dom == "agonist"


def test_mvc_normalisation():
    a = np.array([0.4, 0.8, 1.2, 0.4])            # MVC 2 -> 0.2 0.4 0.6 0.2
    b = np.array([0.05, 0.2, 0.1, 0.15])          # MVC 0.5 -> 0.1 0.4 0.2 0.3
    cci, dom = cocontraction_index(a, b, 2.0, 0.5)
    assert cci == pytest.approx(75.0) and dom == "agonist"
    cci, dom = cocontraction_index(b, a, 0.5, 2.0)    # symmetric in the pair
    assert cci == pytest.approx(75.0) and dom == "antagonist"
    # without normalisation the raw ratio would differ
    raw, _ = cocontraction_index(a, b, 1.0, 1.0)
    assert raw == pytest.approx(2 * 0.5 / 3.3 * 100)


def test_identical_and_disjoint_activity():
    x = [0.1, 0.5, 0.3]
    cci, dom = cocontraction_index(x, x, 1.0, 1.0)
    assert cci == pytest.approx(100.0) and dom == "balanced"
    cci, dom = cocontraction_index([1.0, 0.0, 0.0], [0.0, 0.0, 2.0], 1.0, 1.0)
    assert cci == 0.0 and dom == "antagonist"


def test_silent_muscles():
    cci, dom = cocontraction_index(np.zeros(5), np.zeros(5), 0.3, 0.4)
    assert cci == 0.0 and dom == "balanced"
    assert isinstance(cci, float)


def test_balance_after_normalisation():
    cci, dom = cocontraction_index([2.0, 0.0], [0.0, 1.0], 2.0, 1.0)
    assert dom == "balanced" and cci == 0.0
    cci, dom = cocontraction_index([2.0, 0.0], [0.0, 1.0], 1.0, 1.0)
    assert dom == "agonist"


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 200), ma=st.floats(0.1, 5), mb=st.floats(0.1, 5))
def test_matches_definition(seed, n, ma, mb):
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(0, 1, size=n), rng.uniform(0, 1, size=n)
    cci, dom = cocontraction_index(a, b, ma, mb)
    an, bn = a / ma, b / mb
    want = 2 * np.minimum(an, bn).sum() / (an + bn).sum() * 100
    assert cci == pytest.approx(want, rel=1e-9)
    assert 0.0 <= cci <= 100.0 + 1e-9
    assert dom == ("agonist" if an.sum() > bn.sum() else "antagonist")


@pytest.mark.parametrize("args", [
    ([], [], 1.0, 1.0),
    ([1.0, 2.0], [1.0], 1.0, 1.0),
    (np.ones((2, 2)), np.ones((2, 2)), 1.0, 1.0),
    ([1.0, -0.1], [1.0, 1.0], 1.0, 1.0),
    ([1.0, 1.0], [-0.1, 1.0], 1.0, 1.0),
    ([1.0, np.nan], [1.0, 1.0], 1.0, 1.0),
    ([1.0, 1.0], [np.nan, 1.0], 1.0, 1.0),
    ([1.0], [1.0], 0.0, 1.0),
    ([1.0], [1.0], 1.0, -2.0),
    ([1.0], [1.0], 1.0, 0.0),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        cocontraction_index(*args)
