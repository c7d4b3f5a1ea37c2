"""Uplink planner; every device plans its own uplinks (channel by sub-band order)."""
import heapq
import math

HOUR = 3600.0
BUDGET = 36.0 - 1e-6
RX_GAP = 3.0


def time_on_air(sf, payload):
    tsym = (1 << sf) / 125e3
    de = 1 if sf >= 11 else 0
    pl = payload + 13
    symbols = 8 + max(math.ceil((8 * pl - 4 * sf + 28 + 16) / (4 * (sf - 2 * de))) * 5, 0)
    return (12.25 + symbols) * tsym


def sub_band(f):
    if 865.0 <= f < 868.0:
        return 0
    if 868.0 <= f <= 868.6:
        return 1
    raise ValueError(f"{f} MHz is not in a 1 % EU868 sub-band")


def _earliest(history, t0, toa):
    """Earliest t >= t0 such that a transmission [t, t+toa] keeps every one-hour window of
    this sub-band within budget; history holds (start, end) sorted, all ending <= t0."""
    need = BUDGET - toa
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
    bands = {}
    for f in freqs:
        bands.setdefault(sub_band(f), []).append(f)
    channel_free = {}  # (frequency, sf) -> end of the last transmission on it
    state = []
    for dev in devices:
        sf = dev["sf"]
        waiting = [(float(r), time_on_air(sf, p), m) for m, (r, p) in enumerate(dev["messages"])]
        heapq.heapify(waiting)
        state.append({"waiting": waiting, "ready": [], "free": 0.0,
                      "hist": {b: [] for b in bands}})

    def candidate(d):
        st = state[d]
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
            t_band = _earliest(hist, t0, toa)
            for f in fs:
                t = t_band
                if t > t_band:
                    t = _earliest(hist, t, toa)
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
        st["hist"][sub_band(f)].append((t, t + toa))
        channel_free[(f, sf)] = t + toa + 1e-6
        plan.append({"device": d, "message": m, "start": t, "frequency": f})
        nxt = candidate(d)
        if nxt:
            heapq.heappush(heap, (nxt[0], d))
    return plan
