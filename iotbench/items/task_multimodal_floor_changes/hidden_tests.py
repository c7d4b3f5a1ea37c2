"""Hidden tests: floor changes of a person in a building, from a phone's barometer and
accelerometer, graded on the outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A day in a building is a
sequence of sitting/standing, walking on a floor, stair trips (flights and landings, steps all
the way) and lift rides (trapezoidal velocity, acceleration pulses, no steps; some rides stop at
an intermediate floor while the person stays in the cabin). The barometer sees the height through
the hypsometric relation at the indoor air temperature (19-23 C) on top of the site's pressure
(buildings from sea level to 2200 m), a weather trend of 0.5-2 hPa/h with slow wobble, the
building's ventilation switching (persistent shifts of 0.18-0.32 hPa over 15-40 s, while the
person sits still), door and gust transients (0.1-0.4 hPa, decaying in 0.3-2 s), sensor noise
and quantisation. The accelerometer is in m/s^2 in the phone's frame, which changes orientation
when the phone is moved, with offset, gain error and noise. Truth: one (arrival time, floors)
per trip; graded by matching within 10 s and the exact floor count.
"""

import os

import numpy as np
import pytest

from candidate import detect_floor_changes

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
TOL_S = 10.0


def rng(stream):
    return np.random.default_rng([SEED, stream])

G = 9.80665
RD = 287.05


def rotation(r):
    q = r.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def moving_sum(x, width):
    c = np.concatenate([[0.0], np.cumsum(x)])
    return c[width:] - c[:-width]


def smooth_noise(r, n, width, scale):
    """White noise summed over a moving window of `width` samples, scaled to std `scale`."""
    width = max(1, int(width))
    x = r.normal(size=n + width)
    return scale * moving_sum(x, width)[:n] / np.sqrt(width)


class Building:
    """A person's day in a building: height z(t), world-frame dynamic acceleration, and the
    trips (arrival time, floors)."""

    def __init__(self, r, fs_acc, floors_total, storey_m):
        self.r = r
        self.fs = fs_acc
        heights = storey_m * (1 + r.normal(0, 0.008, size=floors_total))
        self.floor_z = np.concatenate([[0.0], np.cumsum(heights)])
        self.floors_total = floors_total
        self.z, self.vert, self.fwd, self.steps = [], [], [], []
        self.still_spans = []  # (t0, t1) of quiet periods, for ventilation events
        self.trips = []
        self.n = 0
        self.floor = int(r.integers(0, floors_total))

    @property
    def t(self):
        return self.n / self.fs

    def _append(self, z, vert, fwd=None, steps=None):
        m = len(z)
        self.z.append(z)
        self.vert.append(vert)
        self.fwd.append(np.zeros(m) if fwd is None else fwd)
        self.steps.append(np.zeros(m) if steps is None else steps)
        self.n += m

    def still(self, seconds):
        m = int(seconds * self.fs)
        z = np.full(m, self.floor_z[self.floor])
        sway = smooth_noise(self.r, m, self.fs * 2, 0.01)
        self.still_spans.append((self.t, self.t + m / self.fs))
        self._append(z, sway)

    def _walk_steps(self, m, cadence, amp):
        """Impulse train of step impacts (amplitude per sample) and a phase."""
        phase = np.cumsum(np.full(m, cadence / self.fs)) + self.r.uniform(0, 1)
        hit = np.zeros(m)
        idx = np.flatnonzero(np.diff(np.floor(phase)) > 0) + 1
        hit[idx] = amp * self.r.uniform(0.7, 1.3, size=idx.size)
        return hit, phase

    def walk(self, seconds):
        m = int(seconds * self.fs)
        cadence = self.r.uniform(1.6, 2.0)
        hit, phase = self._walk_steps(m, cadence, self.r.uniform(2.5, 5.0))
        z = np.full(m, self.floor_z[self.floor]) + 0.02 * np.sin(2 * np.pi * phase)
        vert = self.r.uniform(0.5, 1.2) * np.sin(2 * np.pi * phase)
        fwd = self.r.uniform(0.5, 1.5) * np.sin(np.pi * phase)
        self._append(z, vert, fwd, hit)

    def stairs(self, target):
        r = self.r
        up = target > self.floor
        cadence = r.uniform(1.3, 1.8) if up else r.uniform(1.6, 2.1)
        rise = r.uniform(0.15, 0.18)
        v = rise * cadence * (1 if up else -1)
        z0 = self.floor_z[self.floor]
        z1 = self.floor_z[target]
        n_half = 2 * abs(target - self.floor)
        zs = np.linspace(z0, z1, n_half + 1)
        pieces = []
        for k in range(n_half):
            flight = abs((zs[k + 1] - zs[k]) / v)
            mf = int(flight * self.fs)
            pieces.append(np.linspace(zs[k], zs[k + 1], mf, endpoint=False))
            if k < n_half - 1:
                pieces.append(np.full(int(r.uniform(1.5, 3.5) * self.fs), zs[k + 1]))
        pieces.append(np.full(1, z1))
        z = np.concatenate(pieces)
        m = len(z)
        hit, phase = self._walk_steps(m, cadence, r.uniform(3.5, 7.0))
        vert = r.uniform(0.8, 1.6) * np.sin(2 * np.pi * phase)
        fwd = r.uniform(0.4, 1.0) * np.sin(np.pi * phase)
        self._append(z, vert, fwd, hit)
        self.trips.append((self.t, target - self.floor))
        self.floor = target

    def _leg(self, z0, z1, acc, vmax):
        d = abs(z1 - z0)
        ta = vmax / acc
        if d < vmax * ta:
            ta = np.sqrt(d / acc)
            vmax = acc * ta
        tc = d / vmax - ta
        total = 2 * ta + tc
        m = int((total + 1.0) * self.fs)
        tt = np.arange(m) / self.fs
        vel = np.clip(np.minimum(tt * acc, (total - tt) * acc), 0, vmax)
        k = max(1, int(0.5 * self.fs))
        vel = np.convolve(vel, np.ones(k) / k, mode="same")
        z = np.cumsum(vel) / self.fs
        z = z / z[-1] * d
        sign = 1 if z1 > z0 else -1
        a = np.gradient(vel) * self.fs * sign
        return z0 + sign * z, a

    def lift(self, target):
        r = self.r
        vmax = r.uniform(1.0, 1.6) if self.floors_total <= 10 else r.uniform(1.6, 3.0)
        accel = r.uniform(0.6, 1.1)
        dist = abs(target - self.floor)
        stops = [self.floor]
        if dist >= 3 and r.random() < 0.5:
            stops.append(self.floor + int(np.sign(target - self.floor)) * int(r.integers(1, dist)))
        stops.append(target)
        zs, vs = [np.full(int(r.uniform(2, 4) * self.fs), self.floor_z[self.floor])], [None]
        vs = [np.zeros(len(zs[0]))]
        for a_, b_ in zip(stops[:-1], stops[1:]):
            z, acc = self._leg(self.floor_z[a_], self.floor_z[b_], accel, vmax)
            zs.append(z)
            vs.append(acc)
            if b_ != target:
                m = int(r.uniform(6, 20) * self.fs)
                zs.append(np.full(m, self.floor_z[b_]))
                vs.append(np.zeros(m))
        z = np.concatenate(zs)
        vert = np.concatenate(vs)
        vert = vert + smooth_noise(r, len(z), 1, r.uniform(0.02, 0.06))
        self._append(z, vert)
        self.trips.append((self.t - 1.0, target - self.floor))
        self.floor = target
        m = int(r.uniform(2, 4) * self.fs)
        self._append(np.full(m, self.floor_z[target]), smooth_noise(r, m, 1, 0.03))

    def trip(self, how, min_floors=1):
        r = self.r
        choices = [f for f in range(self.floors_total + 1) if f != self.floor]
        if how == "stairs":
            choices = [f for f in choices if abs(f - self.floor) <= 4]
        far = [f for f in choices if abs(f - self.floor) >= min_floors]
        target = int(r.choice(far or choices))
        if how == "stairs":
            self.walk(r.uniform(5, 20))
            self.stairs(target)
            self.walk(r.uniform(5, 30))
        else:
            self.walk(r.uniform(5, 30))
            self.still(r.uniform(10, 60))
            self.lift(target)
            self.walk(r.uniform(5, 30))

    def acc(self):
        r = self.r
        fs = self.fs
        vert = np.concatenate(self.vert)
        fwd = np.concatenate(self.fwd)
        hit = np.concatenate(self.steps)
        k = np.arange(-int(0.3 * fs), int(0.3 * fs) + 1) / fs
        kern_v = np.exp(-(k / 0.035) ** 2) - 0.4 * np.exp(-((k - 0.1) / 0.07) ** 2)
        kern_f = 0.4 * np.exp(-((k - 0.02) / 0.05) ** 2)
        vert = vert + np.convolve(hit, kern_v, mode="same")
        sgn = np.where(np.cumsum(hit > 0) % 2 == 0, 1.0, -0.6)
        fwd = fwd + np.convolve(hit * sgn, kern_f, mode="same")
        n = len(vert)
        lat = smooth_noise(r, n, fs * 0.3, 0.05)
        world = np.stack([fwd, lat, vert + G], axis=1)
        # the phone changes place (pocket, hand, bag) now and then: a new orientation
        cuts = np.sort(r.uniform(0, n, size=int(r.integers(1, 4)))).astype(int)
        out = np.empty_like(world)
        edges = np.concatenate([[0], cuts, [n]])
        for a, b in zip(edges[:-1], edges[1:]):
            out[a:b] = world[a:b] @ rotation(r).T
        out = out * r.uniform(0.98, 1.02, size=3) + r.uniform(-0.2, 0.2, size=3)
        out += r.normal(0, r.uniform(0.02, 0.06), size=out.shape)
        return out


def day(r, fs_acc, fs_baro, floors_total, storey_m, altitude_m, plan, hvac=True, drift=None):
    """Simulate a recording; plan is a list of ("still"|"walk", seconds) or ("stairs"|"lift",
    least floors or None). Returns pressure (hPa), acc (m/s^2), trips [(arrival s, floors)] and extras."""
    b = Building(r, fs_acc, floors_total, storey_m)
    for kind, arg in plan:
        if kind == "still":
            b.still(arg)
        elif kind == "walk":
            b.walk(arg)
        else:
            b.trip(kind, arg or 1)
    acc = b.acc()
    z = np.concatenate(b.z)
    dur = len(z) / fs_acc
    tb = np.arange(int(dur * fs_baro)) / fs_baro
    zb = np.interp(tb, np.arange(len(z)) / fs_acc, z)
    temp = r.uniform(292.0, 296.5)  # indoor air, K
    p_site = 1013.25 * (1 - 2.25577e-5 * altitude_m) ** 5.25588 + r.normal(0, 7)
    if drift is None:
        drift = r.uniform(0.5, 2.0)
    rate = r.choice([-1, 1]) * drift / 3600  # weather, hPa/s
    wobble = smooth_noise(r, len(tb) + int(300 * fs_baro), 300 * fs_baro, 0.05)
    wobble = moving_sum(wobble, int(300 * fs_baro))
    wobble = wobble[:len(tb)]
    weather = p_site + rate * tb + 0.05 * wobble / wobble.std()
    p = weather * np.exp(-G * (zb + r.uniform(0, 30)) / (RD * temp))
    # ventilation switching while the person sits still: slow persistent shifts
    extra = np.zeros(len(tb))
    n_hvac = 0
    if hvac:
        for t0, t1 in b.still_spans:
            if t1 - t0 >= 70 and r.random() < 0.8:
                c = r.uniform(t0 + 20, t1 - 50)
                ramp = r.uniform(15, 40)
                amp = r.choice([-1, 1]) * r.uniform(0.18, 0.32)
                extra += amp * np.clip((tb - c) / ramp, 0, 1)
                n_hvac += 1
    # doors and gusts: short transients
    for td in r.uniform(0, dur, size=int(dur / r.uniform(60, 150))):
        amp = r.choice([-1, 1]) * r.uniform(0.1, 0.4)
        tau = r.uniform(0.3, 2.0)
        dt = tb - td
        extra += amp * np.where(dt >= 0, np.exp(-np.clip(dt, 0, None) / tau), 0)
    extra += smooth_noise(r, len(tb), 8 * fs_baro, r.uniform(0.005, 0.015))
    p = p + extra + r.normal(0, r.uniform(0.006, 0.012) * fs_baro ** 0.4, size=len(tb))
    q = r.choice([0.01, 0.005, 0.001])
    p = np.round(p / q) * q
    return p, acc, b.trips, {"temp": temp, "n_hvac": n_hvac, "floor_z": b.floor_z}


def random_plan(r, minutes, n_trips, kinds=("stairs", "lift")):
    plan = []
    per = minutes * 60 / (n_trips + 1)
    for k in range(n_trips + 1):
        budget = per * r.uniform(0.7, 1.0)
        while budget > 30:
            if r.random() < 0.5:
                s = min(budget, r.uniform(70, 240))
                plan.append(("still", s))
            else:
                s = min(budget, r.uniform(20, 90))
                plan.append(("walk", s))
            budget -= s
        if k < n_trips:
            plan.append((str(r.choice(kinds)), None))
    return plan


def score(found, truth):
    """Greedy matching: same floor change, arrival within TOL_S. Returns (matched, false,
    missed)."""
    found = [(float(t), int(f)) for t, f in found]
    used = [False] * len(found)
    ok = 0
    for tt, tf in truth:
        for j, (ft, ff) in enumerate(found):
            if not used[j] and ff == tf and abs(ft - tt) <= TOL_S:
                used[j] = True
                ok += 1
                break
    return ok, len(found) - ok, len(truth) - ok


def check_form(events):
    assert isinstance(events, list), "the result must be a list"
    for e in events:
        assert isinstance(e, tuple) and len(e) == 2, f"bad event {e!r}"
        assert isinstance(e[0], (float, int, np.floating, np.integer)), f"bad time in {e!r}"
        assert isinstance(e[1], (int, np.integer)) and not isinstance(e[1], bool), (
            f"floors must be an int in {e!r}")
        assert int(e[1]) != 0, f"a trip of 0 floors: {e!r}"
    times = [float(e[0]) for e in events]
    assert times == sorted(times), "events must be in time order"


def run(r, plan, floors_total, storey, altitude, **kw):
    fs_acc = float(r.choice([25, 50, 100]))
    fs_baro = float(r.choice([1, 5, 10, 25]))
    p, acc, trips, _ = day(r, fs_acc, fs_baro, floors_total, storey, altitude, plan, **kw)
    events = detect_floor_changes(p, fs_baro, acc, fs_acc, storey)
    check_form(events)
    return events, trips, fs_baro, fs_acc


def test_office_days_with_stairs_and_lifts():
    r = rng(1)
    errors, lines = 0, []
    for rec in range(4):
        storey = r.uniform(2.8, 4.5)
        plan = random_plan(r, r.uniform(10, 25), int(r.integers(3, 7)))
        events, trips, fsb, fsa = run(r, plan, int(r.integers(4, 16)), storey,
                                      r.uniform(0, 2200))
        ok, fp, fn = score(events, trips)
        errors += fp + fn
        lines.append(f"record {rec} (barometer {fsb:g} Hz): {ok} of {len(trips)} trips found, "
                     f"{fp} false; truth {[(round(t), f) for t, f in trips]}, "
                     f"found {[(round(float(t)), int(f)) for t, f in events]}")
    assert errors <= 1, "\n".join(lines)


def test_lift_rides_in_tall_buildings():
    r = rng(2)
    errors, lines = 0, []
    for rec in range(3):
        storey = r.uniform(3.0, 4.2)
        floors_total = int(r.integers(18, 30))
        plan = [("walk", r.uniform(20, 60))]
        for _ in range(3):
            plan += [("lift", 8), ("still", r.uniform(40, 150)), ("walk", r.uniform(20, 60))]
        plan += [("lift", 8), ("walk", r.uniform(30, 60))]
        events, trips, fsb, fsa = run(r, plan, floors_total, storey, r.uniform(0, 2200))
        ok, fp, fn = score(events, trips)
        errors += fp + fn
        lines.append(f"record {rec} (barometer {fsb:g} Hz): {ok} of {len(trips)} trips found, "
                     f"{fp} false; truth {[(round(t), f) for t, f in trips]}, "
                     f"found {[(round(float(t)), int(f)) for t, f in events]}")
    assert errors <= 1, "\n".join(lines)


def test_no_trips_while_staying_on_one_floor():
    r = rng(3)
    false = 0
    lines = []
    for rec in range(3):
        storey = r.uniform(2.8, 3.6)
        plan = []
        total = 0.0
        minutes = r.uniform(20, 35)
        while total < minutes * 60:
            kind = "still" if r.random() < 0.6 else "walk"
            s = r.uniform(80, 300) if kind == "still" else r.uniform(20, 120)
            plan.append((kind, s))
            total += s
        events, trips, fsb, fsa = run(r, plan, 8, storey, r.uniform(600, 2200),
                                      drift=r.uniform(1.2, 2.0))
        assert trips == []
        false += len(events)
        lines.append(f"record {rec}: {len(events)} trips reported "
                     f"{[(round(float(t)), int(f)) for t, f in events]}")
    assert false <= 1, "; ".join(lines)


def test_short_recording_and_list_input():
    r = rng(4)
    plan = [("still", 15.0)]
    p, acc, _, _ = day(r, 50.0, 5.0, 6, 3.2, 300.0, plan, hvac=False)
    assert detect_floor_changes(p.tolist(), 5.0, acc.tolist(), 50.0, 3.2) == []


@pytest.mark.parametrize("case", ["pressure_2d", "acc_cols", "fs_baro", "fs_acc", "storey"])
def test_invalid_input_raises(case):
    p = np.full(300, 1000.0)
    acc = np.tile([0.0, 0.0, 9.81], (3000, 1))
    args = {"pressure": p, "fs_baro": 1.0, "acc": acc, "fs_acc": 10.0, "floor_height_m": 3.0}
    if case == "pressure_2d":
        args["pressure"] = p.reshape(2, 150)
    elif case == "acc_cols":
        args["acc"] = acc[:, :2]
    elif case == "fs_baro":
        args["fs_baro"] = 0.0
    elif case == "fs_acc":
        args["fs_acc"] = -50.0
    else:
        args["floor_height_m"] = 0.0
    with pytest.raises(ValueError):
        detect_floor_changes(**args)
