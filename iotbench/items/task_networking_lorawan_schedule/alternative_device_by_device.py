"""Device-by-device planner: devices are planned one after another (longest time on air
first) against a shared occupancy map of every (channel, spreading factor), inserting each
uplink into the earliest free gap instead of simulating the whole network in time order. Per
device, the smallest available message goes next, in whichever channel gives the earliest start
that respects the receive windows, the same-SF occupancy and the device's duty cycle per ETSI
EN 300 220 sub-band (0.1 % in 863-865 and 868.7-869.2 MHz, 10 % in 869.4-869.65 MHz, 1 % in the
others, each over any hour). Readings longer than the EU868 maximum FRMPayload of the device's
data rate are skipped. Time on air per the Semtech LoRa modem designer's guide with the
13-byte LoRaWAN frame overhead."""
import bisect
import heapq
import math

HOUR, GAP = 3600.0, 3.0 + 1e-6
BANDS = {"863-865": (863.0, 865.0, 3.6), "865-868": (865.0, 868.0, 36.0),
         "868.0-868.6": (868.0, 868.6, 36.0), "868.7-869.2": (868.7, 869.2, 3.6),
         "869.4-869.65": (869.4, 869.65, 360.0), "869.7-870": (869.7, 870.0, 36.0)}


def max_frm_payload(sf):
    """EU863-870 Regional Parameters: N = 51 bytes at DR0-DR2, 115 at DR3, 222 at DR4-DR5."""
    return 51 if sf >= 10 else (115 if sf == 9 else 222)


def airtime(sf, frm_payload):
    symbol = 2.0 ** sf / 125000.0
    ldro = 2 if sf >= 11 else 0
    bits = 8 * (frm_payload + 13) - 4 * sf + 28 + 16
    n = 8 + max(-(-bits // (4 * (sf - ldro))) * 5, 0)
    return (12.25 + n) * symbol


def band_of(f):
    for name, (low, high, _) in BANDS.items():
        if low <= f <= high:
            return name
    raise ValueError(f"{f} MHz is outside the EU868 sub-bands")


def _budget_start(history, t, toa, limit):
    """Earliest start >= t keeping the airtime of [start + toa - 1 h, start + toa] <= limit
    (history: this device's earlier uplinks in the sub-band, all ending before t)."""
    need = limit - 1e-6 - toa
    if need < 0:
        return math.inf
    w = t + toa - HOUR
    live = [(s, e) for s, e in history if e > w]
    total = sum(e - max(s, w) for s, e in live)
    if total <= need:
        return t
    # drop the oldest uplinks from the window until the rest fits; the window then starts
    # inside the last one dropped
    for s, e in sorted(live):
        part = e - max(s, w)
        if total - part <= need:
            w_new = e - (need - (total - part))
            return max(t, w_new + HOUR - toa + 1e-6)
        total -= part
    return t


def _gap_start(busy, t, toa):
    """Earliest start >= t of a free gap of length toa in a sorted interval list."""
    i = bisect.bisect_left(busy, (t, -math.inf))
    if i > 0 and busy[i - 1][1] > t:
        t = busy[i - 1][1]
    while i < len(busy) and busy[i][0] < t + toa:
        t = max(t, busy[i][1])
        i += 1
    return t


def plan_uplinks(devices, frequencies_mhz, horizon_s):
    freqs = sorted({float(f) for f in frequencies_mhz})
    occupancy = {}
    plan = []
    order = sorted(range(len(devices)), key=lambda d: -devices[d]["sf"])
    for d in order:
        sf = devices[d]["sf"]
        msgs = devices[d]["messages"]
        waiting = sorted((float(r), m) for m, (r, p) in enumerate(msgs)
                         if p <= max_frm_payload(sf))
        ready = []
        history = {}
        t = 0.0
        k = 0
        while True:
            while k < len(waiting) and waiting[k][0] <= t:
                heapq.heappush(ready, (airtime(sf, msgs[waiting[k][1]][1]), waiting[k][1]))
                k += 1
            if not ready:
                if k == len(waiting):
                    break
                t = waiting[k][0]
                continue
            toa, m = ready[0]
            best = None
            for f in freqs:
                busy = occupancy.setdefault((f, sf), [])
                hist = history.setdefault(band_of(f), [])
                limit = BANDS[band_of(f)][2]
                s = t
                for _ in range(50):
                    s2 = _gap_start(busy, _budget_start(hist, s, toa, limit), toa)
                    if s2 == s:
                        break
                    s = s2
                if s + toa <= horizon_s and (best is None or s < best[0]):
                    best = (s, f)
            if best is None:
                break  # even the smallest message no longer fits before the horizon
            s, f = best
            heapq.heappop(ready)
            bisect.insort(occupancy[(f, sf)], (s, s + toa))
            history[band_of(f)].append((s, s + toa))
            plan.append({"device": d, "message": m, "start": s, "frequency": f})
            t = s + toa + GAP
    return plan
