import pytest

from candidate import cocontraction_index


def test_half_overlap():
    cci, dominant = cocontraction_index([1.0, 1.0], [1.0, 0.0], 1.0, 1.0)
    assert cci == pytest.approx(2 * 1.0 / 3.0 * 100)
    assert dominant == "agonist"
