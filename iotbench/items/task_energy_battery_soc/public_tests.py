import numpy as np

from candidate import estimate_soc

SOC = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
OCV = [3.0, 3.45, 3.58, 3.65, 3.71, 3.77, 3.84, 3.92, 4.0, 4.08, 4.2]


def test_resting_cell_stays_at_its_open_circuit_state():
    t = np.arange(0.0, 3600.0, 2.0)
    voltage = np.full(t.size, 3.74)  # halfway between the 40 % and 50 % points
    current = np.zeros(t.size)
    soc = estimate_soc(t, voltage, current, 2.5, SOC, OCV)
    assert soc.shape == t.shape
    assert np.all(np.abs(soc - 45.0) < 3.0)
