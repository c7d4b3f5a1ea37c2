import numpy as np
import pytest

from candidate import dew_point_c


def test_room_air():
    # 25 C at 60 % RH has a dew point of about 16.7 C
    assert float(np.asarray(dew_point_c(25.0, 60.0))) == pytest.approx(16.7, abs=0.1)
