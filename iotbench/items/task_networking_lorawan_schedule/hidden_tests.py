"""Hidden tests: uplink plans for LoRaWAN EU868 end devices under the duty-cycle rules.

Each scenario is simulated from the run's data seed (IOTBENCH_DATA_SEED): 10-25 devices at
SF9-SF12 (a deep-indoor or rural deployment) come back after a gateway outage with a backlog of
logged readings and keep producing new ones; payloads are 5-51 bytes for most meters, but some
devices also log bulk records of up to 200 bytes, which their data rate may not carry in one
uplink. The channel plans are the common 8-channel EU868 plan (three default channels in
868.0-868.6 MHz and five in 865-868 MHz), a subset of it, the three default channels only, and
an operator plan that adds channels in other ETSI sub-bands (863-865 MHz and 868.7-869.2 MHz at
0.1 %, 869.7-870 MHz at 1 %). A steady-reporting scenario (SF7-SF12, light load) checks that
everything that can be sent is sent. A plan is checked against the rules the prompt states,
with time on air from the Semtech formula (LoRaWAN overhead of 13 bytes, low data rate
optimisation at SF11/SF12, CRC, explicit header, CR 4/5, 8-symbol preamble, 125 kHz) and the
EU863-870 maximum FRMPayload per data rate; a transmission is delivered unless another one on
the same channel with the same spreading factor overlaps it. The plan must deliver at least
90 % of an upper bound on what the rules allow: per device, the most of its smallest sendable
messages that fit in the duty-cycle budget of the sub-bands its channels use over the horizon.
"""

import math
import os

import numpy as np
import pytest

from candidate import plan_uplinks

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
RX_GAP = 3.0
HOUR = 3600.0
# ETSI EN 300 220 sub-bands for EU868 end devices: (name, low MHz, high MHz, duty cycle)
SUB_BANDS = [("863-865", 863.0, 865.0, 0.001), ("865-868", 865.0, 868.0, 0.01),
             ("868.0-868.6", 868.0, 868.6, 0.01), ("868.7-869.2", 868.7, 869.2, 0.001),
             ("869.4-869.65", 869.4, 869.65, 0.1), ("869.7-870", 869.7, 870.0, 0.01)]
# largest FRMPayload at DR0..DR5 (SF12..SF7, 125 kHz), LoRaWAN Regional Parameters EU863-870
MAX_PAYLOAD = {12: 51, 11: 51, 10: 51, 9: 115, 8: 222, 7: 222}
DEFAULT = [868.1, 868.3, 868.5]
EXTRA_1PC = [867.1, 867.3, 867.5, 867.7, 867.9]
LOW_DUTY = [863.5, 864.1, 864.3, 864.5, 868.8, 869.0]


def rng(stream):
    return np.random.default_rng([SEED, stream])


def time_on_air(sf, frm_payload):
    phy = frm_payload + 13  # MHDR 1 + FHDR 7 + FPort 1 + MIC 4
    tsym = 2 ** sf / 125e3
    de = 1 if sf >= 11 else 0
    n = 8 + max(math.ceil((8 * phy - 4 * sf + 28 + 16) / (4 * (sf - 2 * de))) * 5, 0)
    return (8 + 4.25) * tsym + n * tsym


def sub_band(f):
    for name, low, high, duty in SUB_BANDS:
        if low <= f <= high:
            return name, duty * HOUR
    raise AssertionError(f"frequency {f} outside the plan")


def band_budgets(freqs, horizon):
    """Seconds of time on air a device may spend over the horizon, per sub-band in use."""
    full, rest = divmod(horizon, HOUR)
    return {name: limit * full + min(limit, rest)
            for name, limit in {sub_band(f) for f in freqs}}


def channel_plan(r, plan):
    if plan == "full":
        return DEFAULT + EXTRA_1PC
    if plan == "default":
        return list(DEFAULT)
    extra = sorted(r.choice(EXTRA_1PC, size=int(r.integers(1, 4)), replace=False).tolist())
    if plan == "subset":
        return DEFAULT + extra
    # an operator plan reaching into the other ETSI sub-bands
    low = sorted(r.choice(LOW_DUTY, size=int(r.integers(1, 3)), replace=False).tolist())
    return DEFAULT + extra + low + ([869.85] if r.random() < 0.5 else [])


def sizes(r, size_mix, n):
    return [int(x) for x in r.integers(size_mix[0], size_mix[1] + 1, size=n)]


def scenario(r, plan):
    freqs = channel_plan(r, plan)
    horizon = float(r.choice([1.5, 2.0])) * HOUR
    budget = sum(band_budgets(freqs, HOUR).values())
    devices = []
    for _ in range(int(r.integers(10, 26))):
        sf = int(r.choice([9, 10, 10, 11, 11, 12, 12]))
        mixes = [[5, 12], [10, 30], [20, 51], [5, 51], [20, 120], [30, 200]]
        size_mix = mixes[int(r.integers(len(mixes)))]
        period = float(r.choice([60, 120, 300, 600]))
        sync = r.random() < 0.7  # the application reads meters on the minute
        ok = [p for p in range(size_mix[0], size_mix[1] + 1) if p <= MAX_PAYLOAD[sf]]
        mean_toa = time_on_air(sf, int(np.mean(ok)))
        capacity = budget * math.ceil(horizon / HOUR) / mean_toa
        frac = len(ok) / (size_mix[1] - size_mix[0] + 1)
        backlog = int(capacity * r.uniform(0.8, 1.5) / frac)
        msgs = list(zip([0.0] * backlog, sizes(r, size_mix, backlog)))
        t = period * (1 + np.arange(int(horizon / period) - 1))
        if not sync:
            t = t + r.uniform(0, period)
        t = t[t < horizon - 60]
        msgs += list(zip(t.tolist(), sizes(r, size_mix, len(t))))
        order = r.permutation(len(msgs))
        devices.append({"sf": sf, "messages": [msgs[i] for i in order]})
    return devices, freqs, horizon


def upper_bound(devices, freqs, horizon):
    total_budget = sum(band_budgets(freqs, horizon).values())
    total = 0
    for d in devices:
        sf = d["sf"]
        toa = np.sort([time_on_air(sf, p) for _, p in d["messages"] if p <= MAX_PAYLOAD[sf]])
        total += int(np.searchsorted(np.cumsum(toa), total_budget, side="right"))
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
        assert size <= MAX_PAYLOAD[sf], (
            f"{label}: device {d} (SF{sf}) cannot send message {m} of {size} bytes in one "
            f"uplink (EU868 maximum at its data rate: {MAX_PAYLOAD[sf]} bytes)")
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
        for band, _, _, duty in SUB_BANDS:
            iv = [(s, e) for s, e, f in mine if sub_band(f)[0] == band]
            if iv:
                worst = max_window_airtime(iv)
                assert worst <= duty * HOUR + 1e-6, (
                    f"{label}: device {d} (SF{devices[d]['sf']}) is on air {worst:.2f} s "
                    f"within one hour in sub-band {band} MHz (limit {duty * HOUR:g} s)")
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


PLANS = ["full", "subset", "default", "operator"]


@pytest.mark.parametrize("plan", PLANS)
def test_backlog_after_outage(plan):
    r = rng(PLANS.index(plan) + 1)
    devices, freqs, horizon = scenario(r, plan)
    bound = upper_bound(devices, freqs, horizon)
    result = plan_uplinks(devices, freqs, horizon)
    delivered = evaluate(result, devices, freqs, horizon, plan)
    assert delivered >= 0.9 * bound, (
        f"{plan} plan: {delivered} messages delivered, the duty-cycle rules allow up to {bound}")


def test_steady_reporting_sends_what_can_be_sent():
    r = rng(7)
    for k in range(2):
        freqs = channel_plan(r, ["full", "operator"][k])
        horizon = 2 * HOUR
        devices = []
        for _ in range(int(r.integers(20, 41))):
            sf = int(r.integers(7, 13))
            mixes = [[5, 30], [10, 51], [20, 120], [40, 222]]
            size_mix = mixes[int(r.integers(len(mixes)))]
            period = float(r.choice([300, 600, 900]))
            t = np.arange(r.uniform(0, period), horizon - 60, period)
            devices.append({"sf": sf, "messages": list(zip(t.tolist(),
                                                           sizes(r, size_mix, len(t))))})
        bound = upper_bound(devices, freqs, horizon)
        result = plan_uplinks(devices, freqs, horizon)
        delivered = evaluate(result, devices, freqs, horizon, f"steady {k}")
        assert delivered >= 0.95 * bound, (
            f"steady reporting {k}: {delivered} messages delivered of {bound} that can be sent")


def test_time_on_air_examples_and_empty():
    assert abs(time_on_air(12, 51) - 2.793) < 2e-3
    assert plan_uplinks([], [868.1], 3600.0) == []
    assert plan_uplinks([{"sf": 9, "messages": []}], [868.1], 3600.0) == []
