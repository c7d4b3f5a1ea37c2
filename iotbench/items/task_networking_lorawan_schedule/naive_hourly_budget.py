import heapq
import math

HOUR = 3600.0
RX_GAP = 3.0


def time_on_air(sf, payload):
    """Semtech LoRa modem designer's guide, LoRaWAN frame (13 bytes of overhead), 125 kHz."""
    t_sym = 2 ** sf / 125000.0
    low_dr = 1 if sf >= 11 else 0
    pl = payload + 13
    n_payload = 8 + max(math.ceil((8 * pl - 4 * sf + 28 + 16) / (4 * (sf - 2 * low_dr))) * 5, 0)
    return (8 + 4.25) * t_sym + n_payload * t_sym


SUB_BANDS = [(863.0, 865.0, 3.6), (865.0, 868.0, 36.0), (868.0, 868.6, 36.0),
             (868.7, 869.2, 3.6), (869.4, 869.65, 360.0), (869.7, 870.0, 36.0)]


def sub_band(f):
    for i, (low, high, _) in enumerate(SUB_BANDS):
        if low <= f <= high:
            return i
    raise ValueError(f"{f} MHz is outside the EU868 sub-bands")


def max_payload(sf):
    return 51 if sf >= 10 else (115 if sf == 9 else 222)


def plan_uplinks(devices, frequencies_mhz, horizon_s):
    """Greedy planner; each device has 36 s of air time per sub-band in every clock hour."""
    freqs = sorted(float(f) for f in frequencies_mhz)
    busy = {}  # (frequency, sf) -> time the channel is free again for that SF
    plan = []
    events = []
    for d, dev in enumerate(devices):
        order = sorted((m for m in range(len(dev["messages"]))
                        if dev["messages"][m][1] <= max_payload(dev["sf"])),
                       key=lambda m: (dev["messages"][m][0], dev["messages"][m][1]))
        heapq.heappush(events, (0.0, d))
        dev_state = {"queue": order, "used": {}, "free": 0.0}
        devices[d] = dict(dev, _state=dev_state)
    while events:
        t, d = heapq.heappop(events)
        dev = devices[d]
        st = dev["_state"]
        if not st["queue"]:
            continue
        ready = [m for m in st["queue"] if dev["messages"][m][0] <= t]
        if not ready:
            heapq.heappush(events, (min(dev["messages"][m][0] for m in st["queue"]), d))
            continue
        m = min(ready, key=lambda k: dev["messages"][k][1])
        toa = time_on_air(dev["sf"], dev["messages"][m][1])
        best = None
        for f in freqs:
            start = max(t, busy.get((f, dev["sf"]), 0.0))
            hour = int(start // HOUR)
            if st["used"].get((sub_band(f), hour), 0.0) + toa > SUB_BANDS[sub_band(f)][2]:
                start = (hour + 1) * HOUR
                hour += 1
            if start + toa <= horizon_s and (best is None or start < best[0]):
                best = (start, f, hour)
        if best is None:
            continue
        start, f, hour = best
        if start > t + 1e-9:
            heapq.heappush(events, (start, d))
            continue
        st["queue"].remove(m)
        key = (sub_band(f), hour)
        st["used"][key] = st["used"].get(key, 0.0) + toa
        busy[(f, dev["sf"])] = start + toa + 1e-6
        plan.append({"device": d, "message": m, "start": start, "frequency": f})
        heapq.heappush(events, (start + toa + RX_GAP + 1e-6, d))
    for dev in devices:
        dev.pop("_state", None)
    return plan
