"""Distance from beacon RSSI: calibration and the path-loss law describe the *unobstructed*
mean level; the visitor's body and fading only take power away. The local level at each
reading is the average of the dB readings within one second either side (several channels and
fading states, and short enough to follow the visitor turning). The unobstructed readings are
those whose local level is near the top of the recording (an upper percentile of the local
levels, less a margin smaller than the 8 dB a body costs at least); their dB average is the
line-of-sight level, and the log-distance law is inverted from it."""
import numpy as np

HALF_WINDOW_S = 1.0
ANCHOR_PERCENTILE = 90
MARGIN_DB = 6.0


def beacon_distance(timestamps, rssi, measured_power, path_loss_exponent):
    t = np.asarray(timestamps, dtype=float)
    x = np.asarray(rssi, dtype=float)
    if t.ndim != 1 or x.ndim != 1 or t.size != x.size:
        raise ValueError("timestamps and rssi must be 1-D arrays of the same length")
    if t.size == 0:
        raise ValueError("no readings")
    if not path_loss_exponent > 0:
        raise ValueError("path_loss_exponent must be positive")
    order = np.argsort(t, kind="stable")
    t, x = t[order], x[order]
    # local level: mean of the readings within +-1 s of each reading (windows on timestamps)
    lo = np.searchsorted(t, t - HALF_WINDOW_S)
    hi = np.searchsorted(t, t + HALF_WINDOW_S, side="right")
    csum = np.concatenate([[0.0], np.cumsum(x)])
    local = (csum[hi] - csum[lo]) / (hi - lo)
    anchor = np.percentile(local, ANCHOR_PERCENTILE)
    clear = local >= anchor - MARGIN_DB
    level = float(x[clear].mean())
    return float(10 ** ((measured_power - level) / (10 * path_loss_exponent)))
