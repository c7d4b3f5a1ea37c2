import numpy as np

from candidate import ndir_co2_ppm


def test_zero_gas_reads_zero_and_cal_gas_reads_cal_value():
    out = np.asarray(ndir_co2_ppm([0.8, 0.6], [1.0, 1.0], zero_ratio=0.8, cal_ratio=0.6,
                                  cal_ppm=2000.0))
    np.testing.assert_allclose(out, [0.0, 2000.0], atol=1e-6)
