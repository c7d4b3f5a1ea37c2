import numpy as np


def heat_index_f(temperature_f, rh_percent):
    """NWS heat index (degF): simple formula, Rothfusz regression and its two adjustments."""
    t, rh = np.broadcast_arrays(np.asarray(temperature_f, dtype=np.float64),
                                np.asarray(rh_percent, dtype=np.float64))
    if np.any(rh < 0) or np.any(rh > 100):
        raise ValueError("relative humidity must be within [0, 100]")
    simple = 0.5 * (t + 61.0 + (t - 68.0) * 1.2 + rh * 0.094)
    rothfusz = (-42.379 + 2.04901523 * t + 10.14333127 * rh - 0.22475541 * t * rh
                - 0.00683783 * t ** 2 - 0.05481717 * rh ** 2 + 0.00122874 * t ** 2 * rh
                + 0.00085282 * t * rh ** 2 - 0.00000199 * t ** 2 * rh ** 2)
    use_regression = (simple + t) / 2 >= 80
    hi = np.where(use_regression, rothfusz, simple)

    # Dry-air correction. (T >= 80 always holds here: with RH < 13 the regression is only
    # reached for T above about 80.8 degF.)
    dry = use_regression & (rh < 13) & (t <= 112)
    hi[dry] -= ((13 - rh[dry]) / 4) * np.sqrt((17 - np.abs(t[dry] - 95)) / 17)

    # Humid-air correction. (RH > 85 with T >= 80 always lies in the regression region.)
    humid = (rh > 85) & (t >= 80) & (t <= 87)
    hi[humid] += ((rh[humid] - 85) / 10) * ((87 - t[humid]) / 5)
    return hi
