"""Hidden tests: vertical jump heights from a waist-worn IMU, graded against the true rise of
the centre of mass after takeoff.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). The centre of mass (CoM)
height z(t) is built from smooth (quintic) pieces: countermovement jumps (dip of 15-35 cm, then
push-off), squat jumps (held squat, then push-off), series of 3-4 rebound jumps and drop jumps
(step off a 30-60 cm box, rebound on landing: a short stiff contact with an impact, straight
into the next push-off, no still moment in between), free flight, and landings that absorb the
impact on bent knees: the feet touch the floor with the CoM 2-12 cm lower than at takeoff.
Confounders: walking, standing, and stepping down off a 30-60 cm box (free fall without a
push-off: not a jump). The pelvis leans forward in dips and landings. Specific force =
(CoM acceleration + g) / g plus a small horizontal push; a landing's impact is part of its
deceleration (every landing, walk and held squat ends at rest: the samples carry exactly the
velocity change to zero). The IMU is clipped to the belt in a random orientation; gyroscope =
body rate. Sensor errors: accelerometer gain (+-1.5 %), offset (+-0.04 g), noise, +-16 g
range; gyroscope bias (+-2 deg/s), noise.
Truth: takeoff time and jump height = v_takeoff^2 / (2 g) (the rise of the CoM after takeoff).
"""

import os

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from candidate import jump_heights

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
G = 9.81


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz, scale):
    width = max(1, int(fs / cutoff_hz))
    kernel = np.convolve(np.ones(width), np.ones(width))
    kernel /= np.linalg.norm(kernel)
    return scale * np.convolve(r.normal(size=n + len(kernel)), kernel, mode="valid")[:n]


def quintic(p0, p1, duration, fs):
    """Positions, velocities, accelerations of the quintic from state p0=(z, v, a) to p1 over
    `duration` s, sampled at fs (first sample at 0, last before duration)."""
    T = duration
    m = np.array([[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 2, 0, 0, 0],
                  [1, T, T ** 2, T ** 3, T ** 4, T ** 5],
                  [0, 1, 2 * T, 3 * T ** 2, 4 * T ** 3, 5 * T ** 4],
                  [0, 0, 2, 6 * T, 12 * T ** 2, 20 * T ** 3]], dtype=float)
    c = np.linalg.solve(m, np.array([*p0, *p1], dtype=float))
    t = np.arange(int(round(T * fs))) / fs
    z = np.polyval(c[::-1], t)
    v = np.polyval((c[1:] * np.arange(1, 6))[::-1], t)
    a = np.polyval((c[2:] * np.array([2, 6, 12, 20]))[::-1], t)
    return z, v, a


def _carry(a, dv, fs):
    """`a` with the small rest of its sampled velocity change (the sampled quintic carries its
    analytic one only to O(1/fs^2)) spread smoothly over it, so that the samples carry exactly
    dv (m/s)."""
    n = len(a)
    if n < 3:
        return a
    w = np.sin(np.pi * (np.arange(n) + 0.5) / n) ** 2
    return a + (dv - a.sum() / fs) * fs * w / w.sum()


class Session:
    def __init__(self, r, fs):
        self.r, self.fs = r, fs
        self.a, self.ah, self.lean = [], [], []   # vertical CoM acc (m/s2), forward acc, lean
        self.n = 0
        self.jumps = []

    def _add(self, a, ah=None, lean=None):
        n = len(a)
        self.a.append(np.asarray(a, float))
        self.ah.append(np.zeros(n) if ah is None else ah)
        self.lean.append(np.zeros(n) if lean is None else lean)
        self.n += n

    def sway(self, n):
        """Vertical acceleration of postural sway: millimetres of movement, no net velocity."""
        z = smooth_noise(self.r, n + 4, self.fs, 0.7, 0.002)
        return np.diff(z, 2)[1:n + 1] * self.fs ** 2

    def stand(self, seconds):
        self._add(self.sway(int(seconds * self.fs)))

    def walk(self, seconds):
        r, fs = self.r, self.fs
        n = int(seconds * fs)
        t = np.arange(n) / fs
        cad = r.uniform(1.7, 2.1)
        ph = 2 * np.pi * cad * t
        env = np.clip(np.minimum(t, seconds - t) / 0.8, 0, 1)
        strike = 2.0 * np.maximum(0, np.sin(ph - 0.5)) ** 8
        a = env * (r.uniform(2.0, 3.5) * np.sin(ph) + strike - strike.mean())
        ah = env * 0.8 * np.sin(ph + 1.0)
        lean = env * np.radians(r.uniform(2, 6) + 2 * np.sin(ph))
        self._add(_carry(a, 0.0, fs), ah, lean)   # the walker ends at rest, as they started

    def _landing(self, v_contact, lean_max):
        """From touchdown (velocity v_contact < 0) down on bent knees and back up to standing;
        returns nothing, appends samples."""
        r, fs = self.r, self.fs
        depth = r.uniform(0.12, 0.35)
        duration = r.uniform(0.3, 0.45)
        k = int(round(duration * fs))
        tt = np.arange(k) / fs
        impact = r.uniform(1.5, 4.0) * G * np.exp(-(tt / r.uniform(0.012, 0.025)) ** 2)
        impact += 0.4 * G * np.exp(-tt / 0.05) * np.sin(2 * np.pi * r.uniform(12, 20) * tt)
        # the impact is part of the deceleration, not on top of it: its impulse takes part of
        # the touchdown speed (as in _rebound), the knees absorb the rest and the body comes to
        # rest (a body standing still after a landing has no velocity left)
        v_after = v_contact + impact.sum() / fs
        z1, v1, a1 = quintic((0.0, v_after, 0.0), (-depth, 0.0, 0.0), duration, fs)
        a1 = _carry(a1 + impact, -v_contact, fs)
        lean = lean_max * np.clip(-z1 / 0.3, 0, 1)
        self._add(a1, -0.15 * G * np.sin(np.pi * tt / tt[-1]), lean)
        z2, v2, a2 = quintic((z1[-1] if k else -depth, 0.0, 0.0), (0.0, 0.0, 0.0),
                             r.uniform(0.7, 1.2), fs)
        self._add(_carry(a2, 0.0, fs), None, lean_max * np.clip(-z2 / 0.3, 0, 1))

    def _flight(self, v0, drop):
        """Free flight from takeoff (velocity v0) until the CoM is `drop` m below takeoff.
        Returns the touchdown velocity."""
        t_f = (v0 + np.sqrt(v0 ** 2 + 2 * G * drop)) / G
        n = int(round(t_f * self.fs))
        self._add(np.full(n, -G))
        return v0 - G * n / self.fs           # the velocity the samples carry

    def jump(self, kind, repeats=1):
        r, fs = self.r, self.fs
        h = r.uniform(0.10, 0.55)
        v0 = np.sqrt(2 * G * h)
        dip = r.uniform(0.15, 0.35)
        rise = r.uniform(0.03, 0.08)          # CoM higher at takeoff (on the toes) than standing
        lean_max = np.radians(r.uniform(10, 30))
        for _ in range(100):
            if kind == "cmj":
                a_bottom = r.uniform(8.0, 16.0)
                z1, v1, a1 = quintic((0, 0, 0), (-dip, 0, a_bottom), r.uniform(0.4, 0.65), fs)
                start = (-dip, 0.0, a_bottom)
            else:
                z1, v1, a1 = quintic((0, 0, 0), (-dip, 0, 0), r.uniform(0.8, 1.2), fs)
                start = (-dip, 0.0, 0.0)
            tp = (dip + rise) / (r.uniform(0.45, 0.55) * v0)
            z2, v2, a2 = quintic(start, (rise, v0, -G), tp, fs)
            if a2.min() >= -G and a2.max() <= 3.5 * G and a1.min() >= -0.8 * G:
                break
        lean1 = lean_max * np.clip(-z1 / 0.3, 0, 1)
        if kind == "squat":
            a1 = _carry(a1, 0.0, fs)          # the dip ends at rest in the held squat
        self._add(a1, None, lean1)
        v_sampled = a1.sum() / fs
        if kind == "squat":
            hold = int(r.uniform(1.5, 3.0) * fs)
            sway = self.sway(hold)
            self._add(sway, None, np.full(hold, lean1[-1]))
            v_sampled = sway.sum() / fs        # the squat is held still: velocity zero there
        tt = np.arange(len(a2)) / fs
        self._add(a2, 0.12 * G * np.sin(np.pi * tt / max(tt[-1], 1e-6)),
                  lean_max * np.clip(-z2 / 0.3, 0, 1))
        # the takeoff velocity the samples carry (the sampled push-off, not the analytic one)
        v0 = v_sampled + a2.sum() / fs
        h = v0 * v0 / (2 * G)
        self.jumps.append((self.n / fs, 100 * h))
        for _ in range(repeats - 1):          # rebound jumps: straight up again from the landing
            v_c = self._flight(v0, r.uniform(0.02, 0.12))
            v0 = v_c + self._rebound(v_c, lean_max)
            self.jumps.append((self.n / fs, 100 * v0 * v0 / (2 * G)))
        drop = r.uniform(0.02, 0.12)          # touchdown on bent knees, below takeoff height
        v_c = self._flight(v0, drop)
        self._landing(v_c, lean_max)

    def _rebound(self, v_c, lean_max):
        """Ground contact from touchdown (velocity v_c < 0): a short, stiff absorption on the
        balls of the feet, then straight into the next push-off. Appends the samples and
        returns the velocity change they carry."""
        r, fs = self.r, self.fs
        v0 = np.sqrt(2 * G * r.uniform(0.12, 0.45))
        width = r.uniform(0.010, 0.018)
        amp = min(r.uniform(1.0, 3.0) * G, 0.5 * -v_c / (width * np.sqrt(np.pi)))
        k_imp = int(round(0.1 * fs))
        impact = amp * np.exp(-((np.arange(k_imp) / fs) / width) ** 2)
        v_after = v_c + impact.sum() / fs     # the heel-less touchdown takes part of the speed
        for _ in range(100):
            t1 = r.uniform(0.08, 0.16)
            dip = -v_after * t1 / 2 * r.uniform(0.9, 1.3)
            a_bottom = r.uniform(1.5, 3.5) * G
            z1, _, a1 = quintic((0.0, v_after, 0.0), (-dip, 0.0, a_bottom), t1, fs)
            z_to = r.uniform(0.02, 0.10)
            t2 = 2 * (dip + z_to) / v0 * r.uniform(0.95, 1.15)
            z2, _, a2 = quintic((-dip, 0.0, a_bottom), (z_to, v0, -G), t2, fs)
            if (a1.min() >= -G and a1.max() <= 8 * G and a2.min() >= -G
                    and a2.max() <= 6 * G):
                break
        a1 = a1.copy()
        m = min(k_imp, len(a1))
        a1[:m] += impact[:m]
        tail = impact[m:]                     # (contacts shorter than the impact pulse)
        a2 = a2.copy()
        a2[:len(tail)] += tail[:len(a2)]
        t_1 = np.arange(len(a1)) / fs
        self._add(a1, -0.1 * G * np.sin(np.pi * t_1 / max(t_1[-1], 1e-6)),
                  lean_max * np.clip(-z1 / 0.3, 0, 1))
        t_2 = np.arange(len(a2)) / fs
        self._add(a2, 0.1 * G * np.sin(np.pi * t_2 / max(t_2[-1], 1e-6)),
                  lean_max * np.clip(-z2 / 0.3, 0, 1))
        return (a1.sum() + a2.sum()) / fs

    def drop_jump(self):
        """Step off a box and, on landing, rebound straight up as high as possible."""
        r, fs = self.r, self.fs
        height = r.uniform(0.30, 0.60)
        lean_max = np.radians(r.uniform(10, 30))
        n = int(0.12 * fs)
        ramp = -G * (0.5 - 0.5 * np.cos(np.pi * np.arange(n) / n))
        self._add(ramp, 0.1 * G * np.ones(n))
        v = ramp.sum() / fs
        fall = height + v * n / fs / 2
        t_f = (v + np.sqrt(v * v + 2 * G * fall)) / G
        m = int(round(t_f * fs))
        self._add(np.full(m, -G))
        v_c = v - G * m / fs
        v0 = v_c + self._rebound(v_c, lean_max)
        self.jumps.append((self.n / fs, 100 * v0 * v0 / (2 * G)))
        v_c = self._flight(v0, r.uniform(0.02, 0.12))
        self._landing(v_c, lean_max)

    def box_step(self):
        """Stepping down off a box: the CoM just falls (no push-off), then a landing."""
        r, fs = self.r, self.fs
        height = r.uniform(0.30, 0.60)
        n = int(0.12 * fs)
        ramp = -G * (0.5 - 0.5 * np.cos(np.pi * np.arange(n) / n))
        self._add(ramp, 0.1 * G * np.ones(n))
        v = ramp.sum() / fs
        z = v * n / fs / 2
        fall = height + z
        t_f = (v + np.sqrt(v * v + 2 * G * max(fall, 0.05))) / G
        m = int(round(t_f * fs))
        self._add(np.full(m, -G))
        # the touchdown velocity the samples carry (not the analytic one), brought to rest
        self._landing(v - G * m / fs, np.radians(r.uniform(10, 30)))

    def sensor(self):
        r, fs = self.r, self.fs
        a = np.concatenate(self.a)
        ah = np.concatenate(self.ah)
        lean = np.concatenate(self.lean)
        n = len(a)
        heading = r.uniform(-np.pi, np.pi) + smooth_noise(r, n, fs, 0.2, 0.05)
        roll = smooth_noise(r, n, fs, 1.0, np.radians(2))
        f = np.column_stack([ah * np.cos(heading), ah * np.sin(heading), a + G]) / G
        body = Rotation.from_euler("ZYX", np.column_stack([heading, lean, roll]))
        mount = Rotation.random(random_state=int(r.integers(2 ** 31)))
        att = body * mount
        acc = att.inv().apply(f)
        rel = att[:-2].inv() * att[2:]
        omega = rel.as_rotvec() * fs / 2
        gyro = np.degrees(np.vstack([omega[:1], omega, omega[-1:]]))
        acc = acc * r.uniform(0.985, 1.015, 3) + r.uniform(-0.04, 0.04, 3)
        acc += r.normal(0, r.uniform(0.004, 0.012), acc.shape)
        acc = np.clip(acc, -16, 16)
        gyro = gyro * r.uniform(0.98, 1.02, 3) + r.uniform(-2, 2, 3)
        gyro += r.normal(0, 0.3, gyro.shape)
        return acc, gyro, self.jumps


def make_session(r, fs, plan):
    s = Session(r, fs)
    s.stand(r.uniform(2, 4))
    for step in plan:
        if step in ("cmj", "squat"):
            s.jump(step)
            s.stand(r.uniform(1.5, 5))
        elif step == "box":
            s.stand(r.uniform(1, 3))
            s.box_step()
            s.stand(r.uniform(1.5, 4))
        elif step == "drop":
            s.stand(r.uniform(1, 3))
            s.drop_jump()
            s.stand(r.uniform(1.5, 4))
        elif step == "series":
            s.jump("cmj", repeats=int(r.integers(3, 5)))
            s.stand(r.uniform(1.5, 5))
        elif step == "walk":
            s.walk(r.uniform(6, 20))
            s.stand(r.uniform(1.5, 4))
        else:
            s.stand(r.uniform(2, 6))
    s.stand(r.uniform(2, 4))
    return s.sensor()


def grade(out, truth, t_tol=0.3, h_tol=4.0):
    """Detection problems (missed or false jumps) and heights out of tolerance, separately; a
    height problem is (excess, message), excess = |height error| / h_tol."""
    detection, heights = [], []
    used = set()
    for tt, hh in truth:
        cands = [i for i, (to, _) in enumerate(out) if abs(to - tt) <= t_tol and i not in used]
        if not cands:
            detection.append(f"missed {hh:.1f} cm jump at {tt:.2f} s")
            continue
        i = min(cands, key=lambda i: abs(out[i][0] - tt))
        used.add(i)
        if abs(out[i][1] - hh) > h_tol:
            excess = abs(out[i][1] - hh) / h_tol
            heights.append((excess, f"jump at {tt:.2f} s: {out[i][1]:.1f} cm, true {hh:.1f} cm "
                                    f"({excess:.1f}x tolerance)"))
    for i, (to, ho) in enumerate(out):
        if i not in used:
            detection.append(f"false jump {ho:.1f} cm at {to:.2f} s")
    return detection, heights


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def check_form(out):
    assert isinstance(out, list), f"expected a list, got {type(out).__name__}"
    clean = []
    for item in out:
        assert len(item) == 2, f"each jump must be (time, height), got {item!r}"
        clean.append((float(item[0]), float(item[1])))
        assert np.isfinite(clean[-1]).all(), f"time and height must be finite, got {item!r}"
    assert [c[0] for c in clean] == sorted(c[0] for c in clean), "jumps must be in time order"
    return clean


def run(stream, count, kinds, fs_choices=(100, 200)):
    """Every jump must be found and nothing else reported; one jump height per test may be
    out of tolerance (each jump is a record of the quota)."""
    r = rng(stream)
    detection, heights, jumps = [], [], 0
    for i in range(count):
        fs = float(r.choice(fs_choices))
        plan = list(r.choice(kinds, size=int(r.integers(5, 8))))
        acc, gyro, truth = make_session(r, fs, plan)
        found, off = grade(check_form(jump_heights(acc, gyro, fs)), truth)
        where = f"session {i} (fs {fs}, {len(truth)} jumps)"
        if found:
            detection.append(f"{where}: " + "; ".join(found[:3]))
        heights += [(excess, f"{where}: {message}") for excess, message in off]
        jumps += len(truth)
    assert not detection, "\n".join(detection)
    assert_quota(heights, jumps)


def test_countermovement_and_squat_jumps():
    run(1, 4, ["cmj", "cmj", "squat", "walk", "stand"])


def test_training_session_with_box_step_downs():
    run(2, 4, ["cmj", "squat", "box", "box", "walk"])


def test_drop_jumps_and_repeated_jumps():
    run(5, 4, ["drop", "series", "drop", "series", "cmj", "box", "walk"])


def test_walking_and_stepping_down_are_not_jumps():
    r = rng(3)
    for fs in (100.0, 200.0):
        acc, gyro, truth = make_session(r, fs, ["walk", "box", "stand", "box", "walk"])
        assert truth == []
        out = check_form(jump_heights(acc, gyro, fs))
        assert out == [], f"fs {fs}: reported jumps {out} without any jump"


def test_short_and_still_recordings():
    r = rng(4)
    acc, gyro, _ = make_session(r, 100.0, ["stand"])
    assert jump_heights(acc, gyro, 100.0) == []
    assert jump_heights(acc[:20], gyro[:20], 100.0) == []


@pytest.mark.parametrize("acc, gyro, fs", [
    (np.zeros((100, 2)), np.zeros((100, 3)), 100.0),
    (np.zeros((100, 3)), np.zeros((90, 3)), 100.0),
    (np.zeros(300), np.zeros(300), 100.0),
    (np.ones((100, 3)), np.zeros((100, 3)), 0.0)])
def test_invalid_input_raises(acc, gyro, fs):
    with pytest.raises(ValueError):
        jump_heights(acc, gyro, fs)
