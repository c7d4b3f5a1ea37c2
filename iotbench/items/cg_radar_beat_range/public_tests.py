from candidate import fmcw_convert


def test_two_metres():
    f = fmcw_convert(2.0, 4e9, 40e-6, to="beat")
    assert abs(fmcw_convert(f, 4e9, 40e-6) - 2.0) < 1e-9
