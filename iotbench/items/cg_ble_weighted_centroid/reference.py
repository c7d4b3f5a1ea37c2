import numpy as np


def weighted_centroid(beacon_positions, rssi_dbm, top_k=None, exponent=1.0):
    """Centroid of beacon positions weighted by (linear received power) ** exponent."""
    pos = np.asarray(beacon_positions, dtype=np.float64)
    rssi = np.asarray(rssi_dbm, dtype=np.float64)
    if pos.ndim != 2 or rssi.shape != (pos.shape[0],):
        raise ValueError("need one RSSI value per beacon position")
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be at least 1")
    heard = np.flatnonzero(~np.isnan(rssi))
    if heard.size == 0:
        raise ValueError("no beacon was heard")
    if top_k is not None:
        # strongest first; a stable sort keeps the lower index first on ties
        order = np.argsort(-rssi[heard], kind="stable")
        heard = heard[order[:top_k]]
    # dBm -> linear mW, then the tuning exponent
    weights = np.power(10.0, rssi[heard] / 10.0) ** exponent
    return weights @ pos[heard] / np.sum(weights)
