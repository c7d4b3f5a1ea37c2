import numpy as np

from candidate import oxygen_desaturation_index


def test_two_desaturations_in_an_hour():
    trace = np.full(3600, 96)
    for start in (900, 2400):                 # two clear 6-point desaturations
        trace[start:start + 20] = np.round(96 - 6 * np.arange(20) / 20)
        trace[start + 20:start + 30] = 90
        trace[start + 30:start + 40] = np.round(90 + 6 * np.arange(10) / 10)
    odi = oxygen_desaturation_index(trace)
    assert isinstance(odi, float)
    assert abs(odi - 2.0) <= 0.5
    # an hour with the sensor off does not count as recording time
    assert abs(oxygen_desaturation_index(np.r_[trace, np.zeros(3600, int)]) - 2.0) <= 0.5
