import numpy as np


def kalman_smooth_rssi(rssi, process_var=0.1, meas_var=4.0):
    """Scalar random-walk Kalman filter over an RSSI stream; NaN readings are prediction-only."""
    if process_var < 0:
        raise ValueError("process_var must be >= 0")
    if meas_var <= 0:
        raise ValueError("meas_var must be > 0")
    z = np.asarray(rssi, dtype=np.float64).ravel()
    out = np.full(z.shape, np.nan)
    x = p = None  # estimate and its variance (None until the first finite reading)
    for k, zk in enumerate(z):
        if x is None:
            if np.isfinite(zk):
                x, p = zk, meas_var      # initialise on the first valid reading
                out[k] = x
            continue
        p = p + process_var              # predict: random walk adds process noise
        if np.isfinite(zk):
            gain = p / (p + meas_var)    # update with the new reading
            x = x + gain * (zk - x)
            p = (1.0 - gain) * p
        out[k] = x
    return out
