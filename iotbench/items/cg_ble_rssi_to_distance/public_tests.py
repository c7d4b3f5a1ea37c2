import numpy as np
import pytest

from candidate import rssi_to_distance


def test_ten_db_stronger_than_reference():
    # 10 dB above the 1 m reference with n = 2 means about 0.316 m.
    assert float(np.asarray(rssi_to_distance(-49.0))) == pytest.approx(10 ** -0.5, rel=1e-6)
