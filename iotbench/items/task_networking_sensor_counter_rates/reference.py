"""Interface rates from polled Counter32 values, timed by the agent's own clock: the interval
of each rate is the advance of sysUpTime (TimeTicks, modulo 2^32), which is when the agent
really read its counters, not when the manager asked. An interval contains a restart when the
uptime did not advance by about the time that passed on the manager's clock (a restart makes
the uptime smaller than it should be, whether or not it went down; a wrap of the uptime after
497 days keeps the advance right modulo 2^32). Counter deltas are taken modulo 2^32; they only
determine the traffic while the interface could not have received another 2^32 octets in the
interval at its line rate (ifSpeed): the delta d stands for d + k 2^32 octets, and when more
than one k fits under line rate x interval the rate is unknown (RFC 2863 3.1.6: a Counter32
of octets wraps in 57 min at 10 Mb/s, 5.7 min at 100 Mb/s, 34 s at 1 Gb/s)."""
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
    ambiguous = delta + WRAP <= advance * float(if_speed) / 8.0
    rates[restarted | ambiguous | (advance <= 0)] = np.nan
    return rates
