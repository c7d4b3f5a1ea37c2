import numpy as np

EARTH_RADIUS_M = 6371008.8


def track_stats(lat, lon, t, min_moving_speed=0.5):
    """Length, duration, speeds and moving time of a GPS track (haversine segments)."""
    lat = np.asarray(lat, dtype=np.float64)
    lon = np.asarray(lon, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    if lat.ndim != 1 or lat.shape != lon.shape or lat.shape != t.shape:
        raise ValueError("lat, lon and t must be 1-D arrays of equal length")
    if lat.size < 2:
        raise ValueError("need at least two fixes")
    if np.any(np.abs(lat) > 90):
        raise ValueError("latitude outside [-90, 90]")
    dt = np.diff(t)
    if np.any(dt <= 0):
        raise ValueError("timestamps must be strictly increasing")
    phi = np.radians(lat)
    dphi = np.diff(phi)
    dlmb = np.radians(np.diff(lon))
    a = np.sin(dphi / 2) ** 2 + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(dlmb / 2) ** 2
    seg = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))
    speeds = seg / dt
    length = float(seg.sum())
    duration = float(t[-1] - t[0])
    return {
        "length_m": length,
        "duration_s": duration,
        "mean_speed_mps": length / duration,
        "max_speed_mps": float(speeds.max()),
        "moving_time_s": float(dt[speeds >= min_moving_speed].sum()),
        "segment_speeds_mps": speeds,
    }
