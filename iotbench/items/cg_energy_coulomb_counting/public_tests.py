import numpy as np

from candidate import coulomb_count_soc


def test_half_hour_discharge():
    soc, discharged, charged = coulomb_count_soc([0.0, 1800.0], [200.0, 200.0], 1000.0, 1.0)
    assert np.allclose(soc, [1.0, 0.9])       # 100 mAh of 1000 mAh
    assert discharged == 100.0 and charged == 0.0
