import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import common_average_reference


def test_all_channels():
    eeg = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [5.0, 5.0, 5.0], [7.0, 3.0, -1.0]])
    out = common_average_reference(eeg)
    assert out.dtype == np.float64 and out.shape == (4, 3)
    mean = eeg.mean(axis=0)
    assert np.allclose(out, eeg - mean)
    assert np.allclose(out.sum(axis=0), 0.0)


def test_excluded_channels_are_referenced_but_not_averaged():
    eeg = np.array([[1.0, 1.0], [3.0, 5.0], [1000.0, -1000.0]])
    out = common_average_reference(eeg, exclude=[2])
    assert np.allclose(out, [[-1.0, -2.0], [1.0, 2.0], [998.0, -1003.0]])
    out = common_average_reference(eeg, exclude=[2, 2])
    assert np.allclose(out, [[-1.0, -2.0], [1.0, 2.0], [998.0, -1003.0]])
    out = common_average_reference(eeg, exclude=[0, 2])
    assert np.allclose(out, eeg - eeg[1])
    out = common_average_reference(eeg, exclude=[])
    assert np.allclose(out, eeg - eeg.mean(axis=0))


def test_first_and_last_index_allowed():
    eeg = np.arange(12.0).reshape(3, 4) ** 2
    assert np.allclose(common_average_reference(eeg, exclude=[0]), eeg - eeg[1:].mean(axis=0))
    assert np.allclose(common_average_reference(eeg, exclude=[2]), eeg - eeg[:2].mean(axis=0))


def test_integer_input_and_single_channel():
    eeg = np.array([[1, 2], [2, 4]], dtype=np.int16)
    out = common_average_reference(eeg)
    assert out.dtype == np.float64
    assert np.allclose(out, [[-0.5, -1.0], [0.5, 1.0]])
    assert np.allclose(common_average_reference(np.array([[4.0, -2.0]])), 0.0)
    empty_time = common_average_reference(np.zeros((3, 0)))
    assert empty_time.shape == (3, 0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), ch=st.integers(1, 8), n=st.integers(1, 50),
       k=st.integers(0, 3))
def test_matches_definition(seed, ch, n, k):
    rng = np.random.default_rng(seed)
    eeg = rng.normal(size=(ch, n)) * 20
    exclude = [int(i) for i in rng.integers(0, ch, size=k)]
    good = [i for i in range(ch) if i not in exclude]
    if not good:
        with pytest.raises(ValueError):
            common_average_reference(eeg, exclude=exclude)
        return
    out = common_average_reference(eeg, exclude=exclude)
    assert np.allclose(out, eeg - eeg[good].mean(axis=0))
    # referencing twice with the same exclusions changes nothing more
    assert np.allclose(common_average_reference(out, exclude=exclude), out)


@pytest.mark.parametrize("eeg, exclude", [
    (np.zeros(10), None),
    (np.zeros((2, 3, 4)), None),
    (np.zeros((0, 10)), None),
    (np.zeros((3, 10)), [3]),
    (np.zeros((3, 10)), [-1]),
    (np.zeros((3, 10)), [0, 1, 2]),
    (np.zeros((1, 10)), [0]),
])
def test_invalid_input_raises(eeg, exclude):
    with pytest.raises(ValueError):
        common_average_reference(eeg, exclude=exclude)
