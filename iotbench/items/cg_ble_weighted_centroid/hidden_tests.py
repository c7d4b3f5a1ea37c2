import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import weighted_centroid

SQUARE = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]])


def test_equal_rssi_gives_plain_centroid():
    out = np.asarray(weighted_centroid(SQUARE, [-70.0] * 4))
    assert out.shape == (2,)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, [5.0, 5.0], atol=1e-9)


def test_ten_db_difference_is_ten_to_one():
    out = np.asarray(weighted_centroid([[0.0, 0.0], [11.0, 0.0]], [-60.0, -70.0]))
    np.testing.assert_allclose(out, [1.0, 0.0], atol=1e-9)


def test_exponent_changes_weights():
    out = np.asarray(weighted_centroid([[0.0, 0.0], [11.0, 0.0]], [-60.0, -80.0], exponent=0.5))
    np.testing.assert_allclose(out, [1.0, 0.0], atol=1e-9)
    out = np.asarray(weighted_centroid([[0.0, 0.0], [2.0, 0.0]], [-60.0, -63.0], exponent=2.0))
    w = 10 ** (-0.6)
    np.testing.assert_allclose(out, [2.0 * w / (1.0 + w), 0.0], atol=1e-9)


def test_default_exponent_general_case():
    rssi = np.array([-65.0, -72.0, -80.0, -69.0])
    w = 10 ** (rssi / 10)
    expected = w @ SQUARE / w.sum()
    np.testing.assert_allclose(np.asarray(weighted_centroid(SQUARE, rssi)), expected, atol=1e-9)


def test_unheard_beacons_ignored():
    rssi = [np.nan, -70.0, np.nan, -70.0]
    np.testing.assert_allclose(np.asarray(weighted_centroid(SQUARE, rssi)), [5.0, 5.0], atol=1e-9)


def test_top_k_uses_strongest():
    rssi = np.array([-80.0, -60.0, -65.0, -90.0])
    out1 = np.asarray(weighted_centroid(SQUARE, rssi, top_k=1))
    np.testing.assert_allclose(out1, [10.0, 0.0], atol=1e-9)
    out2 = np.asarray(weighted_centroid(SQUARE, rssi, top_k=2))
    w = 10 ** -0.5
    np.testing.assert_allclose(out2, [10.0, 10.0 * w / (1 + w)], atol=1e-9)
    out3 = np.asarray(weighted_centroid(SQUARE, rssi, top_k=3))
    w3 = 10 ** (np.array([-80.0, -60.0, -65.0]) / 10)
    np.testing.assert_allclose(out3, w3 @ SQUARE[:3] / w3.sum(), atol=1e-9)
    # more than heard: all heard beacons
    rssi_nan = np.array([np.nan, -60.0, -65.0, np.nan])
    out9 = np.asarray(weighted_centroid(SQUARE, rssi_nan, top_k=9))
    np.testing.assert_allclose(out9, [10.0, 10.0 * w / (1 + w)], atol=1e-9)


def test_three_dimensional_positions():
    pos = [[0, 0, 0], [4, 0, 2], [0, 4, 4]]
    out = np.asarray(weighted_centroid(pos, [-70.0, -70.0, -70.0]))
    np.testing.assert_allclose(out, [4 / 3, 4 / 3, 2.0], atol=1e-9)


@pytest.mark.parametrize("rssi, kw", [
    ([np.nan] * 4, {}),
    ([-60.0, -61.0, -62.0, -63.0], {"top_k": 0}),
    ([-60.0, -61.0, -62.0], {}),
])
def test_invalid_raises(rssi, kw):
    with pytest.raises(ValueError):
        weighted_centroid(SQUARE, np.array(rssi), **kw)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.floats(-95, -40), min_size=4, max_size=4), st.floats(0.2, 3.0))
def test_inside_bounding_box_and_matches_formula(rssi, exponent):
    rssi = np.array(rssi)
    out = np.asarray(weighted_centroid(SQUARE, rssi, exponent=exponent))
    w = (10 ** (rssi / 10)) ** exponent
    np.testing.assert_allclose(out, w @ SQUARE / w.sum(), atol=1e-7)
