"""v1 reference: uptime advance as the interval, restart when the advance disagrees with the
manager's elapsed time, Counter32 delta modulo 2^32 (assumes at most one wrap)."""
import numpy as np

WRAP = 2 ** 32
TOLERANCE_S = 15.0  # manager timestamps are off by a few seconds at most (latency, NTP steps)


def counter_rates(poll_times, uptime, octets, if_speed):
    t = np.asarray(poll_times, dtype=float)
    u = np.asarray(uptime, dtype=np.int64)
    c = np.asarray(octets, dtype=np.int64)
    if not (t.shape == u.shape == c.shape) or t.ndim != 1:
        raise ValueError("poll_times, uptime and octets must be 1-D and of equal length")
    if t.size < 2:
        return np.zeros(0)
    advance = ((u[1:] - u[:-1]) % WRAP) / 100.0  # seconds on the agent's clock
    elapsed = np.diff(t)
    restarted = np.abs(advance - elapsed) > TOLERANCE_S
    delta = (c[1:] - c[:-1]) % WRAP
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = delta / advance
    rates[restarted | (advance <= 0)] = np.nan
    return rates
