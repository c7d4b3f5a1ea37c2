"""Alternative: estimate, for every sample, when the agent booted (manager time minus uptime).
Samples of one boot epoch share that estimate to within the manager's timing errors; a sysUpTime
wrap shifts it by exactly 2^32/100 s, so estimates are compared modulo that period. Within an
epoch the Counter32 values are unwrapped into a running total and the uptime into a running
agent time; rates are differences of the two, and intervals that span two epochs are NaN, as
are intervals longer than the time the Counter32 takes to wrap at line rate (ifSpeed): there the
number of wraps cannot be told."""
import numpy as np

TICK_PERIOD_S = 2 ** 32 / 100.0


def counter_rates(poll_times, uptime, octets, if_speed):
    t = np.asarray(poll_times, dtype=float)
    u = np.asarray(uptime, dtype=np.int64)
    c = np.asarray(octets, dtype=np.int64)
    if t.ndim != 1 or len(t) != len(u) or len(t) != len(c):
        raise ValueError("inputs must be 1-D arrays of the same length")
    n = len(t)
    if n < 2:
        return np.zeros(0)
    boot = t - u / 100.0
    shift = np.diff(boot) % TICK_PERIOD_S
    shift = np.where(shift > TICK_PERIOD_S / 2, shift - TICK_PERIOD_S, shift)
    same_epoch = np.abs(shift) < 20.0
    # running totals that restart at each new epoch
    total = np.zeros(n)
    agent = np.zeros(n)
    for k in range(1, n):
        if same_epoch[k - 1]:
            total[k] = total[k - 1] + (c[k] - c[k - 1]) % 2 ** 32
            agent[k] = agent[k - 1] + ((u[k] - u[k - 1]) % 2 ** 32) / 100.0
    out = np.full(n - 1, np.nan)
    dt = np.diff(agent)
    wrap_time = 2 ** 32 * 8 / float(if_speed)
    ok = same_epoch & (dt > 0) & (dt < wrap_time)
    out[ok] = np.diff(total)[ok] / dt[ok]
    return out
