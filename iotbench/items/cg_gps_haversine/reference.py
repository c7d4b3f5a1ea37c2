import numpy as np


def haversine_m(lat1, lon1, lat2, lon2, radius_m=6371008.8):
    """Great-circle distance in metres between (lat1, lon1) and (lat2, lon2), degrees."""
    lat1, lon1, lat2, lon2 = (np.asarray(v, dtype=np.float64) for v in (lat1, lon1, lat2, lon2))
    if np.any(np.abs(lat1) > 90) or np.any(np.abs(lat2) > 90):
        raise ValueError("latitude must lie within [-90, 90] degrees")
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi = phi2 - phi1
    dlmb = np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    # For antipodal points `a` may exceed 1 by one ulp; sqrt() rounds that back to exactly 1,
    # so arcsin stays finite without an explicit clamp.
    return np.asarray(2.0 * radius_m * np.arcsin(np.sqrt(a)), dtype=np.float64)
