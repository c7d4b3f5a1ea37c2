import numpy as np

from candidate import power_quality


def test_heater_on_a_clean_supply():
    fs = 5000.0
    t = np.arange(int(0.2 * fs)) / fs
    voltage = 325.0 * np.sin(2 * np.pi * 50.0 * t)
    current = 8.0 * np.sin(2 * np.pi * 50.0 * t)
    out = power_quality(voltage, current, fs)
    assert abs(out["power_factor"] - 1.0) <= 0.02
    assert abs(out["displacement_power_factor"] - 1.0) <= 0.02
    assert out["current_thd_percent"] <= 1.0


def test_lagging_sinusoidal_current():
    fs = 4000.0
    t = np.arange(int(0.5 * fs)) / fs
    voltage = 170.0 * np.sin(2 * np.pi * 60.0 * t)
    current = 5.0 * np.sin(2 * np.pi * 60.0 * t - np.arccos(0.8))
    out = power_quality(voltage, current, fs)
    assert abs(out["power_factor"] - 0.8) <= 0.02
    assert abs(out["displacement_power_factor"] - 0.8) <= 0.02
