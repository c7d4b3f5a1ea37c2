import pytest

from candidate import fit_path_loss


def test_free_space_survey():
    p0, n, rmse = fit_path_loss([1.0, 10.0, 100.0], [-59.0, -79.0, -99.0])
    assert p0 == pytest.approx(-59.0, abs=1e-6)
    assert n == pytest.approx(2.0, abs=1e-6)
    assert rmse == pytest.approx(0.0, abs=1e-6)
