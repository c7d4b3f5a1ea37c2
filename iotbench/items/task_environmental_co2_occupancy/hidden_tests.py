"""Hidden tests: occupancy of a ventilated room from its CO2 sensor, graded on the head count.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A well-mixed room of the given
volume gets outdoor air at the given flow (the real flow differs from the commissioned value by up
to 4 %); outdoor CO2 drifts with the weather around 400-450 ppm; each occupant exhales CO2 at
the stated rate give or take 4 % on average (body size, activity). The occupancy follows an office day:
empty at night, people arriving in the morning, meetings that fill and empty the room, a lunch
break, departures in the evening. The room concentration is integrated exactly for piecewise
constant occupancy every 10 s; the NDIR sensor adds its response lag, an offset of 20-60 ppm either way,
a gain error of up to 3 %, noise and 1 ppm quantisation, and is read every 1-3 minutes.
"""

import os

import numpy as np
import pytest

from candidate import estimate_occupancy

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
SETTLE_S = 15 * 60  # samples this soon after a change of occupancy are not scored


def rng(stream):
    return np.random.default_rng([SEED, stream])


def schedule(r, n_days, max_people, step_s, min_people=1):
    """Occupancy (int) every step_s seconds for n_days office days starting at midnight."""
    n = int(n_days * 86400 / step_s)
    occ = np.zeros(n, dtype=int)
    for day in range(n_days):
        t = day * 86400 + r.uniform(7.0, 9.0) * 3600
        end = day * 86400 + r.uniform(16.5, 19.5) * 3600
        lunch = day * 86400 + r.uniform(11.8, 12.8) * 3600
        while t < end:
            length = r.uniform(25, 110) * 60
            if lunch <= t < lunch + 3600:
                level = int(r.integers(0, 2))
            else:
                level = int(r.integers(min(min_people, max_people), max_people + 1))
            i0, i1 = int(t / step_s), int(min(t + length, end) / step_s)
            occ[i0:i1] = level
            t += length
    return occ


def simulate(r, n_days, volume, q_nominal, g_lps, max_people, interval_s, min_people=1):
    step = 10.0
    occ = schedule(r, n_days, max_people, step, min_people)
    n = occ.size
    q = q_nominal * r.uniform(0.96, 1.04)
    per_person = g_lps * r.uniform(0.96, 1.04) * 3.6  # m3/h of CO2 per person
    t_h = np.arange(n) * step / 3600
    outdoor = r.uniform(405, 440) + 8 * np.sin(2 * np.pi * t_h / r.uniform(20, 40)
                                               + r.uniform(0, 6.3))
    k = np.exp(-q / volume * step / 3600)
    c = np.empty(n)
    level = outdoor[0]
    for i in range(n):  # exact update for constant occupancy over the step
        steady = outdoor[i] + occ[i] * per_person / q * 1e6
        level = steady + (level - steady) * k
        c[i] = level
    # sensor: first-order response, offset, gain, noise, quantisation, sampled every interval
    tau = r.uniform(60, 120)
    a = np.exp(-step / tau)
    sensed = np.empty(n)
    s = c[0]
    for i in range(n):
        s = c[i] + (s - c[i]) * a
        sensed[i] = s
    every = int(interval_s / step)
    idx = np.arange(0, n, every)
    reading = sensed[idx] * r.uniform(0.97, 1.03) + r.choice([-1, 1]) * r.uniform(20, 60)
    reading += r.normal(0, r.uniform(3, 8), size=idx.size)
    truth = occ[idx]
    change = np.flatnonzero(np.diff(occ) != 0) * step
    t_idx = idx * step
    settled = np.ones(idx.size, bool)
    for ct in change:
        settled &= ~((t_idx > ct) & (t_idx <= ct + SETTLE_S))
    return np.round(reading), truth, settled


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def run_records(r, rooms, min_good=0.8, max_mae=0.7, min_people=1):
    """rooms: (volume m3, outdoor air m3/h, max people). Returns the records out of tolerance."""
    bad = []
    for i, (volume, q, max_people) in enumerate(rooms):
        interval = float(r.choice([60, 120, 180]))
        g = r.uniform(0.0045, 0.0055)
        co2, truth, settled = simulate(r, int(r.integers(1, 3)), volume, q, g, max_people,
                                       interval, min_people)
        est = np.asarray(estimate_occupancy(co2, interval, volume, q, g), dtype=float)
        assert est.shape == co2.shape, f"record {i}: shape {est.shape}, expected {co2.shape}"
        err = np.abs(est - truth)[settled]
        good = np.mean(err <= np.maximum(1.0, 0.12 * truth[settled]))
        label = (f"record {i} (volume {volume:.0f} m3, outdoor air {q:.0f} m3/h, "
                 f"up to {max_people} people, reading every {interval:.0f} s)")
        # excess: the shortfall of the time within 1 person in units of the allowed slack,
        # (1 - good) / (1 - min_good), or the mean error in units of its limit, the larger
        excess = max((1 - good) / (1 - min_good), err.mean() / max_mae)
        problems = []
        if good < min_good:
            problems.append(f"only {good:.0%} of the time within 1 person "
                            f"(at least {min_good:.0%} needed)")
        if err.mean() > max_mae:
            problems.append(f"mean error {err.mean():.2f} people (limit {max_mae:.2f})")
        if problems:
            bad.append((excess, f"{label}: " + "; ".join(problems)
                        + f" ({excess:.1f}x tolerance)"))
    return bad


def room(r, max_people, m3_per_person, flow_per_person):
    volume = 15 + max_people * r.uniform(*m3_per_person)
    return volume, max_people * r.uniform(*flow_per_person), max_people


def test_offices_and_meeting_rooms():
    r = rng(1)
    assert_quota(run_records(r, [room(r, k, (8, 20), (20, 40)) for k in (2, 4, 6, 8, 12)]), 5)


def test_well_ventilated_rooms():
    r = rng(2)
    assert_quota(run_records(r, [room(r, k, (8, 20), (45, 70)) for k in (3, 5, 8, 10, 12)]), 5)


def test_poorly_ventilated_rooms():
    r = rng(3)
    assert_quota(run_records(r, [room(r, k, (10, 25), (6, 12)) for k in (3, 5, 6, 8, 10)]), 5)


def test_classrooms():
    r = rng(4)
    bad = run_records(r, [room(r, k, (7, 10), (15, 30)) for k in (20, 22, 25, 28, 30)],
                      max_mae=1.2, min_people=10)
    assert_quota(bad, 5)


def test_empty_room_stays_empty():
    r = rng(5)
    for _ in range(2):
        volume = r.uniform(40, 150)
        q = volume * r.uniform(0.5, 4)
        co2, truth, settled = simulate(r, 1, volume, q, 0.005, 0, 120.0)
        est = np.asarray(estimate_occupancy(co2, 120.0, volume, q, 0.005), dtype=float)
        assert np.mean(est <= 1.0) >= 0.8 and np.mean(est) <= 0.7, (
            f"an empty room was given occupants (mean {np.mean(est):.2f})")


def test_output_form():
    r = rng(6)
    co2, truth, settled = simulate(r, 1, 60.0, 120.0, 0.005, 4, 60.0)
    est = estimate_occupancy(co2, 60.0, 60.0, 120.0, 0.005)
    assert isinstance(est, np.ndarray) and est.shape == co2.shape
    assert np.issubdtype(est.dtype, np.floating) and np.all(np.isfinite(est)) and np.all(est >= 0)


@pytest.mark.parametrize("args", [(np.zeros((10, 2)), 60.0, 50.0, 100.0, 0.005),
                                  (np.full(100, 450.0), 0.0, 50.0, 100.0, 0.005),
                                  (np.full(100, 450.0), 60.0, -5.0, 100.0, 0.005),
                                  (np.full(100, 450.0), 60.0, 50.0, 0.0, 0.005),
                                  (np.full(100, 450.0), 60.0, 50.0, 100.0, 0.0)])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        estimate_occupancy(*args)
