"""NowCast AQI computed as a stream, the way a monitor's firmware would: a 12-hour ring buffer of
the latest hourly values (None for a missing hour), exact decimal arithmetic in tenths of ug/m3
for the truncation, and an AQI table scanned from the top."""
from collections import deque
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import numpy as np

TABLE = [  # upper concentration (ug/m3), AQI low, AQI high, category; 2024 PM2.5 revision
    ("9.0", 0, 50, "Good"),
    ("35.4", 51, 100, "Moderate"),
    ("55.4", 101, 150, "Unhealthy for Sensitive Groups"),
    ("125.4", 151, 200, "Unhealthy"),
    ("225.4", 201, 300, "Very Unhealthy"),
    ("325.4", 301, 500, "Hazardous"),
]


def _index(conc):
    c = Decimal(repr(conc)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    low = Decimal("0.0")
    for high, i_lo, i_hi, name in TABLE:
        high = Decimal(high)
        if c <= high:
            value = Decimal(i_hi - i_lo) / (high - low) * (c - low) + i_lo
            return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)), name
        low = high + Decimal("0.1")
    return 500, "Hazardous"


def nowcast_aqi(pm25):
    arr = np.asarray(pm25, dtype=float)
    if arr.ndim != 1:
        raise ValueError("pm25 must be a 1-D sequence of hourly values")
    buf = deque([None] * 12, maxlen=12)  # buf[0] is the current hour
    aqi, category = [], []
    for value in arr:
        buf.appendleft(float(value) if np.isfinite(value) else None)
        recent = sum(v is not None for v in list(buf)[:3])
        if recent < 2:
            aqi.append(None)
            category.append(None)
            continue
        pairs = [(h, v) for h, v in enumerate(buf) if v is not None]
        lo = min(v for _, v in pairs)
        hi = max(v for _, v in pairs)
        factor = 1.0 if hi == 0 else max(lo / hi, 0.5)
        num = sum(v * factor ** h for h, v in pairs)
        den = sum(factor ** h for h, _ in pairs)
        a, name = _index(num / den + 1e-9)
        aqi.append(a)
        category.append(name)
    return aqi, category
