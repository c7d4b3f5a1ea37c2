import numpy as np

T_CAL_K = 25.0 + 273.15   # calibration temperature
P_CAL_HPA = 1013.25       # calibration pressure


def ndir_co2_ppm(active, reference, zero_ratio, cal_ratio, cal_ppm, k=2.0e-3, exponent=0.75,
                 temperature_c=None, pressure_hpa=None, max_ppm=10000.0):
    """CO2 (ppm) from NDIR active/reference signals with zero/span calibration."""
    act = np.asarray(active, dtype=np.float64)
    ref = np.asarray(reference, dtype=np.float64)
    if np.any(ref <= 0):
        raise ValueError("reference signal must be positive")
    if cal_ppm <= 0:
        raise ValueError("cal_ppm must be positive")
    # (this also rejects zero_ratio <= 0)
    if not 0 < cal_ratio < zero_ratio:
        raise ValueError("cal_ratio must lie strictly between 0 and zero_ratio")
    if k <= 0 or exponent <= 0 or max_ppm <= 0:
        raise ValueError("k, exponent and max_ppm must be positive")

    # Fractional absorbance relative to CO2-free air.
    fa = 1.0 - (act / ref) / zero_ratio
    # Span from the calibration gas: FA_cal = span * (1 - exp(-k c_cal^x)).
    fa_cal = 1.0 - cal_ratio / zero_ratio
    span = fa_cal / (1.0 - np.exp(-k * cal_ppm ** exponent))

    u = fa / span
    saturated = u >= 1.0
    absorbing = (fa > 0) & ~saturated
    c = np.zeros(np.shape(u))
    c[absorbing] = (-np.log1p(-u[absorbing]) / k) ** (1.0 / exponent)

    # Ideal-gas compensation to the calibration conditions.
    if temperature_c is not None:
        c = c * (np.asarray(temperature_c, dtype=np.float64) + 273.15) / T_CAL_K
    if pressure_hpa is not None:
        p = np.asarray(pressure_hpa, dtype=np.float64)
        if np.any(p <= 0):
            raise ValueError("pressure must be positive")
        c = c * P_CAL_HPA / p
    c = np.minimum(c, max_ppm)
    c = np.where(saturated, max_ppm, c)
    return np.asarray(c, dtype=np.float64)
