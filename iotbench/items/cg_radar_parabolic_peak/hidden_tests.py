import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import interpolate_peak


def test_exact_parabola_recovered():
    x = np.arange(10.0)
    y = 5.0 - 0.8 * (x - 4.3) ** 2
    pos, h = interpolate_peak(y)
    assert isinstance(pos, float) and isinstance(h, float)
    assert pos == pytest.approx(4.3, abs=1e-12)
    assert h == pytest.approx(5.0, abs=1e-12)


def test_symmetric_neighbours_give_zero_offset():
    pos, h = interpolate_peak(np.array([0.0, 1.0, 3.0, 1.0, 0.0]))
    assert pos == 2.0 and h == 3.0


def test_known_values():
    y = np.array([0.2, 1.0, 2.0, 1.5, 0.1])
    a, b, c = 1.0, 2.0, 1.5
    d = a - 2 * b + c
    delta = 0.5 * (a - c) / d
    pos, h = interpolate_peak(y)
    assert pos == pytest.approx(2 + delta, abs=1e-12)
    assert h == pytest.approx(b - 0.25 * (a - c) * delta, abs=1e-12)
    assert 2.0 < pos < 2.5 and h > 2.0


def test_edges_are_not_interpolated():
    assert interpolate_peak(np.array([9.0, 3.0, 1.0])) == (0.0, 9.0)
    assert interpolate_peak(np.array([1.0, 3.0, 9.0])) == (2.0, 9.0)
    assert interpolate_peak(np.array([4.0])) == (0.0, 4.0)
    assert interpolate_peak(np.array([1.0, 3.0, 9.0]), index=0) == (0.0, 1.0)


def test_flat_and_explicit_index():
    assert interpolate_peak(np.array([2.0, 2.0, 2.0, 2.0])) == (0.0, 2.0)
    pos, h = interpolate_peak(np.array([1.0, 2.0, 3.0, 4.0]), index=1)   # linear: d == 0
    assert pos == 1.0 and h == 2.0
    # explicit index that is not the maximum (formula applied as is)
    y = np.array([0.0, 1.0, 0.5, 3.0, 10.0, 3.0])
    pos, h = interpolate_peak(y, index=2)
    a, b, c = 1.0, 0.5, 3.0
    delta = 0.5 * (a - c) / (a - 2 * b + c)
    assert pos == pytest.approx(2 + delta) and h == pytest.approx(b - 0.25 * (a - c) * delta)
    pos, _ = interpolate_peak(y, index=4)
    assert pos == 4.0


def test_first_maximum_on_ties():
    pos, h = interpolate_peak(np.array([0.0, 5.0, 1.0, 5.0, 0.0]))
    a, b, c = 0.0, 5.0, 1.0
    delta = 0.5 * (a - c) / (a - 2 * b + c)
    assert pos == pytest.approx(1 + delta)


def test_sinc_peak_of_zero_padded_fft_is_refined():
    n, f_true = 64, 10.37
    x = np.cos(2 * np.pi * f_true * np.arange(n) / n)
    mag = np.abs(np.fft.rfft(x * np.hanning(n)))
    pos, _ = interpolate_peak(mag)
    assert abs(pos - f_true) < 0.05
    assert abs(int(np.argmax(mag)) - f_true) > 0.3


@settings(max_examples=25, deadline=None, derandomize=True)
@given(vertex=st.floats(1.0, 8.0), height=st.floats(-10, 10), curv=st.floats(0.05, 5.0),
       offset=st.floats(-3, 3))
def test_property_parabola_vertex(vertex, height, curv, offset):
    x = np.arange(10.0)
    y = height - curv * (x - vertex) ** 2
    k = int(np.argmax(y))
    pos, h = interpolate_peak(y)
    if 0 < k < 9:
        assert pos == pytest.approx(vertex, abs=1e-8)
        assert h == pytest.approx(height, abs=1e-8 * max(1.0, curv * 100))
    # shifting all values leaves the position unchanged and shifts the height
    pos2, h2 = interpolate_peak(y + offset)
    assert pos2 == pytest.approx(pos, abs=1e-9)
    assert h2 == pytest.approx(h + offset, abs=1e-8 * max(1.0, curv * 100))


@pytest.mark.parametrize("args", [
    (np.array([]),), (np.ones((3, 3)),), (np.ones(5), 5), (np.ones(5), -1),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        interpolate_peak(*args)
