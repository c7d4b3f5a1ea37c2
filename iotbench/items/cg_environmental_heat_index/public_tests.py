import numpy as np
import pytest

from candidate import heat_index_f


def test_hot_humid_day():
    # 96 F at 65 % relative humidity feels like about 121 F
    assert float(np.asarray(heat_index_f(96.0, 65.0))) == pytest.approx(121.0, abs=1.0)
