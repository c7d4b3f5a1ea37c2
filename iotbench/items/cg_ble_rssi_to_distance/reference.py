import numpy as np


def rssi_to_distance(rssi, tx_power_dbm=-59.0, path_loss_exponent=2.0, ref_distance_m=1.0):
    """Distance (m) from RSSI (dBm) with the log-distance path-loss model.

    rssi = tx_power_dbm - 10 * n * log10(d / d0)  =>  d = d0 * 10 ** ((tx_power_dbm - rssi) / (10 n))
    """
    if path_loss_exponent <= 0:
        raise ValueError("path_loss_exponent must be positive")
    if ref_distance_m <= 0:
        raise ValueError("ref_distance_m must be positive")
    rssi = np.asarray(rssi, dtype=np.float64)
    # Loss beyond the reference distance, in units of 10*n dB per decade of distance.
    exponent = (tx_power_dbm - rssi) / (10.0 * path_loss_exponent)
    return ref_distance_m * np.power(10.0, exponent)
