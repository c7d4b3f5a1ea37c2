import math

import numpy as np
import pytest

from candidate import haversine_m


def test_quarter_meridian():
    d = float(np.asarray(haversine_m(0.0, 0.0, 90.0, 0.0)))
    assert d == pytest.approx(6371008.8 * math.pi / 2, rel=1e-9)
