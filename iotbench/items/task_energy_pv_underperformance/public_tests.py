import numpy as np

from candidate import flag_underperforming_days


def test_one_day_with_the_inverter_off_for_hours():
    days, m = 20, 96
    hours = (np.arange(m) + 0.5) / 4
    sun = np.clip(np.sin(np.pi * (hours - 6) / 12), 0, None)
    irradiance = np.tile(700 * sun, (days, 1))
    temperature = np.tile(12 + 6 * sun, (days, 1))
    power = np.tile(3000 * sun, (days, 1))
    power[7, (hours > 10) & (hours < 14)] = 0.0
    flags = flag_underperforming_days(power, irradiance, temperature, 5000.0, 4000.0)
    assert flags == [7]
