"""Hidden tests: traffic rates from polled SNMP interface counters.

Each record is simulated from the run's data seed (IOTBENCH_DATA_SEED): a manager polls a
device every 10, 30 or 60 s for sysUpTime.0 (TimeTicks, 1/100 s, 32-bit) and ifInOctets
(Counter32). The manager records the time it sent each request; the agent answers after a
network delay and a processing delay that is usually a few milliseconds but sometimes seconds
(busy CPU). Polls time out now and then (missing samples), the manager's NTP-disciplined clock
may be stepped by a few seconds, traffic varies from kilobytes to tens of megabytes per second
(so the counter wraps every few minutes on busy links), devices restart (uptime and counters
start again from zero; the device is unreachable while it boots), some restart twice in a
crash loop, and some have been up for about 497 days so that sysUpTime itself wraps. Ground
truth is the octets really counted in each interval divided by the agent-side time between the
two samples, or NaN for intervals containing a restart.
"""

import os

import numpy as np
import pytest

from candidate import counter_rates

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
WRAP = 2 ** 32


def rng(stream):
    return np.random.default_rng([SEED, stream])


def record(r, n_polls, period, restarts=(), crash_loop=False, uptime_wrap=False,
           ntp_step=False):
    """Returns poll_times, uptime ticks, octets, true rates (NaN for restart intervals)."""
    send = np.arange(n_polls) * period + r.uniform(-0.3, 0.3, n_polls) + r.uniform(1e5, 1e6)
    slow = r.random(n_polls) < 0.15
    proc = np.where(slow, r.uniform(0.3, 3.0, n_polls), r.uniform(0.002, 0.05, n_polls))
    agent_t = send + r.uniform(0.001, 0.05, n_polls) + proc  # when the agent reads counters
    # restarts: (time of the crash, time the agent is back up)
    events = []
    for frac in restarts:
        crash = send[0] + frac * (send[-1] - send[0])
        events.append((crash, crash + r.uniform(30, 120)))
    if crash_loop:
        # comes up, is polled once a few seconds after boot, and crashes again before the next
        k = int(r.integers(n_polls // 3, 2 * n_polls // 3))
        boot1 = agent_t[k] - r.uniform(6, 0.4 * period)
        crash0 = boot1 - r.uniform(30, 90)
        crash1 = agent_t[k] + r.uniform(1, 0.3 * period)
        events += [(crash0, boot1), (crash1, crash1 + r.uniform(20, 40))]
    events.sort()
    reachable = np.ones(n_polls, dtype=bool)
    boot_of = np.full(n_polls, -np.inf)  # last boot time before each poll
    duration = send[-1] - send[0]
    first_boot = send[0] - (WRAP / 100 - r.uniform(0.1, 0.9) * duration if uptime_wrap
                            else r.uniform(1e3, 3e7))
    boot_of[:] = first_boot
    for crash, up in events:
        reachable &= ~((agent_t >= crash) & (agent_t < up + 5))
        boot_of[agent_t >= up] = up
    # traffic: a rate per interval between agent sample times (bytes/s)
    cap = 0.9 * WRAP / (3.5 * period)  # never more than one wrap per interval, missed polls too
    level = 10 ** r.uniform(3, np.log10(cap))
    rates = level * np.exp(r.normal(0, 0.5, n_polls - 1).cumsum() * 0.2)
    rates = np.clip(rates, 100, cap) * (r.random(n_polls - 1) > 0.05)  # idle intervals
    counted = np.floor(np.concatenate([[0], np.cumsum(rates * np.diff(agent_t))]))
    # counters restart from zero at each boot: subtract what was counted up to the boot
    octets = counted.copy()
    start_value = r.integers(0, WRAP)
    for i in range(n_polls):
        if boot_of[i] == first_boot:
            octets[i] = (start_value + counted[i]) % WRAP
        else:
            # octets counted since this boot (traffic resumes when the interface is up)
            j = np.searchsorted(agent_t, boot_of[i])
            before = counted[j - 1] + rates[j - 1] * (boot_of[i] - agent_t[j - 1]) if j else 0
            octets[i] = max(0.0, counted[i] - before) % WRAP
    uptime = np.floor((agent_t - boot_of) * 100).astype(np.int64) % WRAP
    poll_times = send.copy()
    if ntp_step:
        poll_times[int(r.integers(n_polls // 4, 3 * n_polls // 4)):] += r.choice([-1, 1]) * \
            r.uniform(1, 5)
    keep = reachable & (r.random(n_polls) > 0.03)  # timeouts
    idx = np.flatnonzero(keep)
    truth = []
    for a, b in zip(idx[:-1], idx[1:]):
        if boot_of[b] != boot_of[a]:
            truth.append(np.nan)
        else:
            truth.append((counted[b] - counted[a]) / (agent_t[b] - agent_t[a]))
    return (poll_times[idx], uptime[idx], octets[idx].astype(np.int64), np.array(truth))


def check(got, truth, label):
    got = np.asarray(got, dtype=float)
    assert got.shape == truth.shape, f"{label}: shape {got.shape}, expected {truth.shape}"
    nan_t, nan_g = np.isnan(truth), np.isnan(got)
    assert np.array_equal(nan_t, nan_g), (
        f"{label}: intervals {np.flatnonzero(nan_t != nan_g)[:5]} should "
        f"{'be' if nan_t[np.flatnonzero(nan_t != nan_g)[0]] else 'not be'} NaN "
        f"(got {got[np.flatnonzero(nan_t != nan_g)[0]]:.4g})")
    ok = ~nan_t
    err = np.abs(got[ok] - truth[ok])
    bad = err > 0.01 * truth[ok] + 1.0
    assert not bad.any(), (
        f"{label}: {bad.sum()} of {ok.sum()} rates off by more than 1 % "
        f"(first: {got[ok][bad][0]:.6g} B/s, true {truth[ok][bad][0]:.6g} B/s)")


@pytest.mark.parametrize("period", [10, 30, 60])
def test_busy_links_with_wraps(period):
    r = rng(period)
    for k in range(2):
        t, u, c, truth = record(r, int(r.integers(150, 300)), period, ntp_step=k == 1)
        check(counter_rates(t, u, c), truth, f"period {period} s, record {k}")


def test_restarts():
    r = rng(100)
    for k in range(3):
        t, u, c, truth = record(r, 300, float(r.choice([10, 30, 60])),
                                restarts=sorted(r.uniform(0.1, 0.9, size=k + 1)))
        assert np.isnan(truth).any()
        check(counter_rates(t, u, c), truth, f"record {k} with {k + 1} restarts")


def test_crash_loop():
    r = rng(101)
    for k in range(2):
        t, u, c, truth = record(r, 200, 60.0, crash_loop=True)
        check(counter_rates(t, u, c), truth, f"crash loop {k}")


def test_uptime_wraps_after_497_days():
    r = rng(102)
    for k in range(2):
        period = float(r.choice([30, 60]))
        n = 300
        t, u, c, truth = record(r, n, period, uptime_wrap=True)
        # start close enough to the wrap that it happens in the record
        assert (np.diff(u) < 0).any()
        check(counter_rates(t, u, c), truth, f"device up 497 days, record {k}")


def test_form_and_invalid_input():
    r = rng(103)
    t, u, c, truth = record(r, 50, 10.0)
    out = counter_rates(t, u, c)
    assert isinstance(out, np.ndarray) and out.shape == (len(t) - 1,)
    assert counter_rates(t[:1], u[:1], c[:1]).shape == (0,)
    with pytest.raises(ValueError):
        counter_rates(t, u[:-1], c)
