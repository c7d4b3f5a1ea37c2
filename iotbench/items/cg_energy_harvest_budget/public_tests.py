import numpy as np

from candidate import simulate_harvesting


def test_charge_then_discharge():
    r = simulate_harvesting([10.0, 0.0], [0.0, 4.0], 1.0, 100.0, 0.0, charge_efficiency=0.5)
    assert np.allclose(r["storage_mj"], [5.0, 1.0])
    assert r["brownout_steps"] == [] and r["energy_neutral"]
