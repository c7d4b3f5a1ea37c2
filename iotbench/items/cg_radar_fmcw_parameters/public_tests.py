from candidate import fmcw_parameters


def test_range_resolution():
    p = fmcw_parameters(3e9, 60e-6, 10e6, 64, 80e-6)
    assert abs(p["range_resolution"] - 0.05) < 1e-12
