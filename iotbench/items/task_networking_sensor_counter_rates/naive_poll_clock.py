import numpy as np


def counter_rates(poll_times, uptime, octets, if_speed):
    poll_times = np.asarray(poll_times, dtype=float)
    uptime = np.asarray(uptime, dtype=np.int64)
    octets = np.asarray(octets, dtype=np.int64)
    if not (len(poll_times) == len(uptime) == len(octets)):
        raise ValueError("inputs must have the same length")
    n = len(poll_times)
    rates = np.full(max(n - 1, 0), np.nan)
    for i in range(1, n):
        if uptime[i] < uptime[i - 1]:
            continue  # the device rebooted: counters were reset
        delta = int(octets[i]) - int(octets[i - 1])
        if delta < 0:
            delta += 2 ** 32  # Counter32 wrapped
        dt = poll_times[i] - poll_times[i - 1]
        if dt > 0:
            rates[i - 1] = delta / dt
    return rates
