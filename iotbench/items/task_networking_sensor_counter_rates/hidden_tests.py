"""Hidden tests: traffic rates from polled SNMP interface counters.

Each record is simulated from the run's data seed (IOTBENCH_DATA_SEED): a manager polls a
device every 10, 30 or 60 s for sysUpTime.0 (TimeTicks, 1/100 s, 32-bit) and ifInOctets
(Counter32). The manager records the time it sent each request; the agent answers after a
network delay and a processing delay that is usually a few milliseconds but sometimes seconds
(busy CPU). Polls time out now and then (missing samples), the manager's NTP-disciplined clock
may be stepped by a few seconds, traffic varies from kilobytes to tens of megabytes per second
(so the counter wraps every few minutes on busy links), devices restart (uptime and counters
start again from zero; the device is unreachable while it boots), some restart twice in a
crash loop, and some have been up for about 497 days so that sysUpTime itself wraps. Uplinks
are 10/100/1000 Mb/s (ifSpeed given); outages of the management network leave a running device
unpolled for up to a few counter-wrap periods. Ground truth is the octets really counted in each
interval divided by the agent-side time between the two samples; the rate must be NaN for
intervals containing a restart and for intervals in which the interface could have received
another 2^32 octets (the counter may have wrapped more than once), with a 15 % margin around
that line in which either answer is accepted.
"""

import os

import numpy as np
import pytest

from candidate import counter_rates

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
WRAP = 2 ** 32


def rng(stream):
    return np.random.default_rng([SEED, stream])


def link_speed(r, period):
    """ifSpeed of the uplink: gigabit only where a 10 s poll keeps one wrap per interval."""
    return int(r.choice([10 ** 7, 10 ** 8, 10 ** 9] if period <= 10 else [10 ** 7, 10 ** 8]))


def wrap_seconds(speed):
    """How long a Counter32 of octets takes to wrap at line rate (RFC 2863, 3.1.6)."""
    return WRAP * 8 / speed


def record(r, n_polls, period, speed, restarts=(), crash_loop=False, uptime_wrap=False,
           ntp_step=False, outages=()):
    """Returns poll_times, uptime ticks, octets, true rates and what each interval must be:
    0 a rate, 1 NaN (restart, or the counter may have wrapped more than once), 2 either."""
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
    # management-network outages: the device runs on but cannot be polled
    for frac, seconds in outages:
        begin = send[0] + frac * duration
        reachable &= ~((send >= begin) & (send < begin + seconds))
    # traffic: a rate per interval between agent sample times (bytes/s), at most 90 % of line
    # rate
    cap = 0.9 * speed / 8
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
    truth, must = [], []
    for a, b in zip(idx[:-1], idx[1:]):
        if boot_of[b] != boot_of[a]:
            truth.append(np.nan)
            must.append(1)
            continue
        dt = agent_t[b] - agent_t[a]
        got = counted[b] - counted[a]
        truth.append(got / dt)
        line_rate_bytes = speed / 8 * dt  # the most the interface could have received
        if line_rate_bytes <= 0.85 * WRAP:
            must.append(0)  # at most one wrap: the rate is known
        elif got % WRAP + WRAP <= 0.85 * line_rate_bytes:
            must.append(1)  # one more wrap would fit even on a 15 % slower link: unknown
        else:
            must.append(2)  # borderline: either answer is accepted
    return (poll_times[idx], uptime[idx], octets[idx].astype(np.int64), np.array(truth),
            np.array(must, dtype=int))


def check(got, truth, must, label):
    got = np.asarray(got, dtype=float)
    assert got.shape == truth.shape, f"{label}: shape {got.shape}, expected {truth.shape}"
    nan_g = np.isnan(got)
    wrong = np.flatnonzero(((must == 1) & ~nan_g) | ((must == 0) & nan_g))
    assert wrong.size == 0, (
        f"{label}: intervals {wrong[:5]} should {'be' if must[wrong[0]] == 1 else 'not be'} "
        f"NaN (got {got[wrong[0]]:.4g}; the traffic really was {truth[wrong[0]]:.4g} B/s"
        f"{', but the samples cannot tell it' if must[wrong[0]] == 1 else ''})")
    ok = ~nan_g & (must != 1)
    err = np.abs(got[ok] - truth[ok])
    bad = err > 0.01 * truth[ok] + 1.0
    assert not bad.any(), (
        f"{label}: {bad.sum()} of {ok.sum()} rates off by more than 1 % "
        f"(first: {got[ok][bad][0]:.6g} B/s, true {truth[ok][bad][0]:.6g} B/s)")


@pytest.mark.parametrize("period", [10, 30, 60])
def test_busy_links_with_wraps(period):
    r = rng(period)
    for k in range(2):
        speed = link_speed(r, period)
        t, u, c, truth, must = record(r, int(r.integers(150, 300)), period, speed,
                                      ntp_step=k == 1)
        check(counter_rates(t, u, c, speed), truth, must,
              f"period {period} s, {speed / 1e6:g} Mb/s, record {k}")


def test_management_outages():
    r = rng(104)
    n_unknown = 0
    for k, speed in enumerate([10 ** 7, 10 ** 8, 10 ** 9]):
        period = 10.0 if speed == 10 ** 9 else float(r.choice([10, 30, 60]))
        wrap = wrap_seconds(speed)
        n = int(max(300, 3 * 4 * wrap / period))
        long_ = (float(r.uniform(0.1, 0.3)), float(r.uniform(2.5, 4.0) * wrap))
        short = (float(r.uniform(0.55, 0.8)), float(r.uniform(0.25, 0.6) * wrap))
        t, u, c, truth, must = record(r, n, period, speed, outages=[long_, short],
                                      ntp_step=bool(k % 2))
        n_unknown += int((must == 1).sum())
        check(counter_rates(t, u, c, speed), truth, must,
              f"{speed / 1e6:g} Mb/s link, outage of {long_[1] / 60:.0f} min, record {k}")
    assert n_unknown >= 3


def test_restarts():
    r = rng(100)
    for k in range(3):
        period = float(r.choice([10, 30, 60]))
        speed = link_speed(r, period)
        t, u, c, truth, must = record(r, 300, period, speed,
                                      restarts=sorted(r.uniform(0.1, 0.9, size=k + 1)))
        assert np.isnan(truth).any()
        check(counter_rates(t, u, c, speed), truth, must, f"record {k} with {k + 1} restarts")


def test_crash_loop():
    r = rng(101)
    for k in range(2):
        speed = link_speed(r, 60)
        t, u, c, truth, must = record(r, 200, 60.0, speed, crash_loop=True)
        check(counter_rates(t, u, c, speed), truth, must, f"crash loop {k}")


def test_uptime_wraps_after_497_days():
    r = rng(102)
    for k in range(2):
        period = float(r.choice([30, 60]))
        speed = link_speed(r, period)
        t, u, c, truth, must = record(r, 300, period, speed, uptime_wrap=True)
        # start close enough to the wrap that it happens in the record
        assert (np.diff(u) < 0).any()
        check(counter_rates(t, u, c, speed), truth, must, f"device up 497 days, record {k}")


def test_form_and_invalid_input():
    r = rng(103)
    t, u, c, truth, must = record(r, 50, 10.0, 10 ** 8)
    out = counter_rates(t, u, c, 10 ** 8)
    assert isinstance(out, np.ndarray) and out.shape == (len(t) - 1,)
    assert counter_rates(t[:1], u[:1], c[:1], 10 ** 8).shape == (0,)
    with pytest.raises(ValueError):
        counter_rates(t, u[:-1], c, 10 ** 8)
