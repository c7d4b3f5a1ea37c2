"""Uplink planner with a single 1 % duty-cycle budget per device (36 s per hour)."""
import heapq
import math

HOUR = 3600.0
RX_GAP = 3.0
# ETSI EN 300 220 sub-bands an EU868 end device may use: (low MHz, high MHz, duty cycle)
SUB_BANDS = [(863.0, 865.0, 0.001), (865.0, 868.0, 0.01), (868.0, 868.6, 0.01),
             (868.7, 869.2, 0.001), (869.4, 869.65, 0.1), (869.7, 870.0, 0.01)]
# largest FRMPayload per spreading factor at 125 kHz (EU868 DR0..DR5, no repeater)
MAX_PAYLOAD = {12: 51, 11: 51, 10: 51, 9: 115, 8: 222, 7: 222}


def time_on_air(sf, payload):
    tsym = (1 << sf) / 125e3
    de = 1 if sf >= 11 else 0
    pl = payload + 13
    symbols = 8 + max(math.ceil((8 * pl - 4 * sf + 28 + 16) / (4 * (sf - 2 * de))) * 5, 0)
    return (12.25 + symbols) * tsym


def sub_band(f):
    """(key, seconds of time on air allowed per hour) of a channel."""
    return 0, 36.0 - 1e-6  # EU868: 1 % duty cycle for the device


def sendable(sf, payload):
    return payload <= MAX_PAYLOAD.get(sf, 51)


def _earliest(history, t0, toa, budget):
    """Earliest t >= t0 such that a transmission [t, t+toa] keeps every one-hour window of
    this sub-band within budget; history holds (start, end) sorted, all ending <= t0."""
    need = budget - toa
    if need < 0:
        return math.inf

    def load(w):  # time on air after w
        return sum(e - max(s, w) for s, e in history if e > w)

    w = t0 + toa - HOUR
    if load(w) <= need:
        return t0
    # move the window start right until enough old airtime has left it
    tail = 0.0
    for s, e in reversed(history):
        d = e - s
        if tail + d > need:
            # the window must start inside (or after) this transmission
            w_needed = e - (need - tail)
            return max(t0, w_needed + HOUR - toa + 1e-6)
        tail += d
    return t0


def plan_uplinks(devices, frequencies_mhz, horizon_s):
    freqs = sorted(set(float(f) for f in frequencies_mhz))
    bands, budget = {}, {}
    for f in freqs:
        key, allowed = sub_band(f)
        bands.setdefault(key, []).append(f)
        budget[key] = allowed
    channel_free = {}  # (frequency, sf) -> end of the last transmission on it
    state = []
    for dev in devices:
        sf = dev["sf"]
        waiting = [(float(r), time_on_air(sf, p), m) for m, (r, p) in enumerate(dev["messages"])
                   if sendable(sf, p)]
        heapq.heapify(waiting)
        state.append({"waiting": waiting, "ready": [], "free": 0.0,
                      "hist": {b: [] for b in bands}})

    def candidate(d):
        st, sf = state[d], devices[d]["sf"]
        t0 = st["free"]
        while st["waiting"] and st["waiting"][0][0] <= t0:
            release, toa, m = heapq.heappop(st["waiting"])
            heapq.heappush(st["ready"], (toa, release, m))
        if st["ready"]:
            toa, _, m = st["ready"][0]  # the smallest message ready to go
        elif st["waiting"]:
            release, toa, m = st["waiting"][0]  # nothing ready: the next one to be released
            t0 = release
        else:
            return None
        best = None
        for band, fs in bands.items():
            hist = st["hist"][band]
            while hist and hist[0][1] <= t0 - HOUR:
                hist.pop(0)
            t_band = _earliest(hist, t0, toa, budget[band])
            for f in fs:
                t = max(t_band, channel_free.get((f, sf), 0.0))
                if t > t_band:
                    t = _earliest(hist, t, toa, budget[band])
                if t + toa <= horizon_s and (best is None or t < best[0]):
                    best = (t, m, f, toa)
        return best

    heap = []
    for d in range(len(devices)):
        c = candidate(d)
        if c:
            heapq.heappush(heap, (c[0], d))
    plan = []
    while heap:
        t, d = heapq.heappop(heap)
        fresh = candidate(d)
        if fresh is None:
            continue
        if fresh[0] > t + 1e-9:
            heapq.heappush(heap, (fresh[0], d))
            continue
        t, m, f, toa = fresh
        sf = devices[d]["sf"]
        st = state[d]
        heapq.heappop(st["ready"] if st["ready"] else st["waiting"])
        st["free"] = t + toa + RX_GAP + 1e-6
        st["hist"][sub_band(f)[0]].append((t, t + toa))
        channel_free[(f, sf)] = t + toa + 1e-6
        plan.append({"device": d, "message": m, "start": t, "frequency": f})
        nxt = candidate(d)
        if nxt:
            heapq.heappush(heap, (nxt[0], d))
    return plan
