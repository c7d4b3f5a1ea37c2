"""Hidden tests: uplink plans for LoRaWAN EU868 end devices under the duty-cycle rules.

Each scenario is simulated from the run's data seed (IOTBENCH_DATA_SEED): 10-25 devices at
SF9-SF12 (a deep-indoor or rural deployment) come back after a gateway outage with a backlog of
logged readings and keep producing new ones; payloads are 5-51 bytes. The channel plan is the
common 8-channel EU868 plan (three default channels in 868.0-868.6 MHz and five in
865-868 MHz), a subset of it, or the three default channels only. A plan is checked against
the rules the prompt states, with time on air from the Semtech formula (LoRaWAN overhead of
13 bytes, low data rate optimisation at SF11/SF12, CRC, explicit header, CR 4/5, 8-symbol
preamble, 125 kHz); a transmission is delivered unless another one on the same channel with
the same spreading factor overlaps it. The plan must deliver at least 90 % of an upper bound
on what the rules allow: per device, the most of its smallest messages that fit in the
duty-cycle budget of the sub-bands its channels use over the horizon.
"""

import math
import os

import numpy as np
import pytest

from candidate import plan_uplinks

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
RX_GAP = 3.0
HOUR = 3600.0
LIMIT = 36.0  # 1 % of an hour, in seconds, per device and sub-band


def rng(stream):
    return np.random.default_rng([SEED, stream])


def time_on_air(sf, frm_payload):
    phy = frm_payload + 13  # MHDR 1 + FHDR 7 + FPort 1 + MIC 4
    tsym = 2 ** sf / 125e3
    de = 1 if sf >= 11 else 0
    n = 8 + max(math.ceil((8 * phy - 4 * sf + 28 + 16) / (4 * (sf - 2 * de))) * 5, 0)
    return (8 + 4.25) * tsym + n * tsym


def sub_band(f):
    if 865.0 <= f < 868.0:
        return "865-868"
    if 868.0 <= f <= 868.6:
        return "868.0-868.6"
    raise AssertionError(f"frequency {f} outside the plan")


def scenario(r, plan):
    freqs = {"full": [868.1, 868.3, 868.5, 867.1, 867.3, 867.5, 867.7, 867.9],
             "default": [868.1, 868.3, 868.5],
             "subset": [868.1, 868.3, 868.5] + sorted(
                 r.choice([867.1, 867.3, 867.5, 867.7, 867.9], size=int(r.integers(1, 4)),
                          replace=False).tolist())}[plan]
    horizon = float(r.choice([1.5, 2.0])) * HOUR
    devices = []
    n_sb = len({sub_band(f) for f in freqs})
    for _ in range(int(r.integers(10, 26))):
        sf = int(r.choice([9, 10, 10, 11, 11, 12, 12]))
        size_mix = r.choice([[5, 12], [10, 30], [20, 51], [5, 51]])
        period = float(r.choice([60, 120, 300, 600]))
        sync = r.random() < 0.7  # the application reads meters on the minute
        mean_toa = time_on_air(sf, int(np.mean(size_mix)))
        capacity = n_sb * LIMIT * math.ceil(horizon / HOUR) / mean_toa
        backlog = int(capacity * r.uniform(0.8, 1.5))
        msgs = [(0.0, int(r.integers(size_mix[0], size_mix[1] + 1))) for _ in range(backlog)]
        t = period * (1 + np.arange(int(horizon / period) - 1))
        if not sync:
            t = t + r.uniform(0, period)
        msgs += [(float(x), int(r.integers(size_mix[0], size_mix[1] + 1))) for x in t
                 if x < horizon - 60]
        order = r.permutation(len(msgs))
        devices.append({"sf": sf, "messages": [msgs[i] for i in order]})
    return devices, freqs, horizon


def upper_bound(devices, freqs, horizon):
    n_sb = len({sub_band(f) for f in freqs})
    full, rest = divmod(horizon, HOUR)
    per_sb = LIMIT * full + min(LIMIT, rest)
    total = 0
    for d in devices:
        toa = np.sort([time_on_air(d["sf"], p) for _, p in d["messages"]])
        total += int(np.searchsorted(np.cumsum(toa), n_sb * per_sb, side="right"))
    return total


def max_window_airtime(intervals):
    """Largest time on air inside any one-hour window, for (start, end) intervals."""
    iv = sorted(intervals)
    starts = np.array([s for s, _ in iv])
    ends = np.array([e for _, e in iv])
    worst = 0.0
    for w0 in np.concatenate([starts, ends - HOUR]):
        w1 = w0 + HOUR
        overlap = np.clip(np.minimum(ends, w1) - np.maximum(starts, w0), 0, None)
        worst = max(worst, float(overlap.sum()))
    return worst


def evaluate(plan, devices, freqs, horizon, label):
    assert isinstance(plan, list), f"{label}: expected a list"
    seen = set()
    txs = []
    for item in plan:
        d, m = int(item["device"]), int(item["message"])
        start, f = float(item["start"]), float(item["frequency"])
        assert 0 <= d < len(devices) and 0 <= m < len(devices[d]["messages"]), (
            f"{label}: no message {m} of device {d}")
        assert (d, m) not in seen, f"{label}: message {m} of device {d} planned twice"
        seen.add((d, m))
        assert any(abs(f - c) < 1e-6 for c in freqs), f"{label}: {f} MHz is not a channel"
        release, size = devices[d]["messages"][m]
        sf = devices[d]["sf"]
        toa = time_on_air(sf, size)
        assert start >= release - 1e-9, f"{label}: device {d} message {m} sent before it exists"
        assert start + toa <= horizon + 1e-9, f"{label}: device {d} transmits past the horizon"
        txs.append((d, start, start + toa, round(f, 3), sf))
    for d in range(len(devices)):
        mine = sorted((s, e, f) for dd, s, e, f, _ in txs if dd == d)
        for (s0, e0, _), (s1, _, _) in zip(mine, mine[1:]):
            assert s1 >= e0 + RX_GAP - 1e-6, (
                f"{label}: device {d} starts an uplink at {s1:.3f} s, {s1 - e0:.3f} s after the "
                f"previous one ended (receive windows)")
        for band in ("865-868", "868.0-868.6"):
            iv = [(s, e) for s, e, f in mine if sub_band(f) == band]
            if iv:
                worst = max_window_airtime(iv)
                assert worst <= LIMIT + 1e-6, (
                    f"{label}: device {d} (SF{devices[d]['sf']}) is on air {worst:.2f} s "
                    f"within one hour in sub-band {band} MHz")
    delivered = 0
    groups = {}
    for d, s, e, f, sf in txs:
        groups.setdefault((f, sf), []).append((s, e))
    for iv in groups.values():
        iv.sort()
        starts = np.array([s for s, _ in iv])
        ends = np.array([e for _, e in iv])
        before = np.maximum.accumulate(np.concatenate([[-np.inf], ends[:-1]]))
        after = np.concatenate([starts[1:], [np.inf]])
        # sorted by start: only the next start can cut into a transmission from behind
        ok = (starts >= before - 1e-9) & (ends <= after + 1e-9)
        delivered += int(ok.sum())
    return delivered


@pytest.mark.parametrize("plan", ["full", "subset", "default"])
def test_backlog_after_outage(plan):
    r = rng(["full", "subset", "default"].index(plan) + 1)
    devices, freqs, horizon = scenario(r, plan)
    bound = upper_bound(devices, freqs, horizon)
    result = plan_uplinks(devices, freqs, horizon)
    delivered = evaluate(result, devices, freqs, horizon, plan)
    assert delivered >= 0.9 * bound, (
        f"{plan} plan: {delivered} messages delivered, the duty-cycle rules allow up to {bound}")


def test_time_on_air_examples_and_empty():
    assert abs(time_on_air(12, 51) - 2.793) < 2e-3
    assert plan_uplinks([], [868.1], 3600.0) == []
    assert plan_uplinks([{"sf": 9, "messages": []}], [868.1], 3600.0) == []
