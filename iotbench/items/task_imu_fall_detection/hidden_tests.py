"""Hidden tests: falls detected in realistic waist-worn IMU recordings, graded on the outcome.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A record is a sequence of
activities built in a frame that follows the wearer's heading: the pelvis tilt (a rotation about
a horizontal axis), the specific force the pelvis feels (gravity plus its own acceleration, in g)
and the heading rate. The sensor is clipped to the belt in a random orientation, so its readings
are the body's quantities rotated into a random mount frame, with offset, gain error, noise,
gyroscope bias and the accelerometer's +-8 g range.

Falls: a loss of balance (the trunk rotates towards the floor while the body drops, so the
specific force falls well below 1 g), an impact of 2.3-7 g, then lying on the floor (trunk tilted
70-110 degrees from upright, in any direction) for 8-40 s with small movements, sometimes
followed by getting up. Confounders with no fall: running (flight phases and 3-4.5 g foot
strikes), jumping (free fall then 3-6 g landings), sitting down hard on a chair (2-3.5 g, pelvis
ends 5-25 degrees reclined), dropping onto a sofa (1.8-3 g, 25-45 degrees reclined), lying down on
a bed (90 degrees, but without an impact) and standing up from a chair (a large forward lean).
"""

import os

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from candidate import detect_falls

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
G_RANGE = 8.0


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth_noise(r, n, fs, cutoff_hz, scale):
    width = max(1, int(fs / cutoff_hz))
    x = r.normal(size=n + width)
    return scale * np.convolve(x, np.ones(width) / np.sqrt(width), mode="valid")[:n]


def ramp(n):
    """Smooth 0 -> 1 over n samples (raised cosine)."""
    if n <= 1:
        return np.ones(max(n, 0))
    return 0.5 - 0.5 * np.cos(np.pi * np.arange(n) / (n - 1))


class Builder:
    """Accumulates segments: specific force f (heading frame, g), tilt rotation vector
    (heading frame, rad), heading rate (rad/s) and the sample indices of falls."""

    def __init__(self, r, fs):
        self.r, self.fs = r, fs
        self.f, self.tilt, self.yaw, self.falls = [], [], [], []
        self.n = 0
        self.last_tilt = np.zeros(3)

    def add(self, f, tilt, yaw=None):
        n = len(f)
        if yaw is None:
            yaw = smooth_noise(self.r, n, self.fs, 0.5, 0.03)
        self.f.append(f)
        self.tilt.append(tilt)
        self.yaw.append(yaw)
        self.n += n
        self.last_tilt = tilt[-1].copy()

    def t(self, seconds):
        return np.arange(int(round(seconds * self.fs))) / self.fs

    def sway(self, n, deg=1.5):
        return np.stack([smooth_noise(self.r, n, self.fs, 0.4, np.radians(deg)) for _ in range(2)]
                        + [np.zeros(n)], axis=1)

    def still_force(self, n, scale=0.01):
        f = np.zeros((n, 3))
        f[:, 2] = 1.0
        return f + np.stack([smooth_noise(self.r, n, self.fs, 2.0, scale) for _ in range(3)], 1)

    def transition(self, target, seconds):
        """Tilt moving smoothly from the current tilt to target (rotation vectors)."""
        n = int(round(seconds * self.fs))
        a = ramp(n)[:, None]
        return (1 - a) * self.last_tilt + a * np.asarray(target)

    # ---- activities ---------------------------------------------------------------------
    def stand(self, seconds):
        n = len(self.t(seconds))
        self.add(self.still_force(n, 0.015), self.last_tilt + self.sway(n))

    def walk(self, seconds, run=False):
        r, t = self.r, self.t(seconds)
        n = len(t)
        f = self.still_force(n, 0.02)
        if not run:
            cad = r.uniform(1.6, 2.1)
            ph = 2 * np.pi * cad * t + r.uniform(0, 6.3)
            amp = r.uniform(0.2, 0.35)
            f[:, 2] += amp * np.sin(ph) + 0.15 * np.maximum(0, np.sin(ph - 0.6)) ** 8
            f[:, 0] += 0.12 * np.sin(ph + 1.0)
            f[:, 1] += 0.08 * np.sin(ph / 2)
            lean = np.radians(r.uniform(0, 6))
            tilt = np.zeros((n, 3))
            tilt[:, 1] = lean + np.radians(2) * np.sin(ph + 0.3)
            tilt[:, 0] = np.radians(3) * np.sin(ph / 2)
        else:
            cad = r.uniform(2.6, 3.0)
            period = 1 / cad
            contact = r.uniform(0.2, 0.26) * period / 0.36
            phase = (t * cad + r.uniform(0, 1)) % 1.0 * period
            peak = np.pi * period / (2 * contact)
            stance = phase < contact
            f[:, 2] = np.where(stance, peak * np.sin(np.pi * phase / contact), 0.0)
            strike = r.uniform(0.6, 1.6)
            f[:, 2] += strike * np.exp(-((phase - 0.02) / 0.012) ** 2)
            f[:, 0] += np.where(stance, 0.4 * np.sin(2 * np.pi * phase / contact), 0.0)
            f[:, 1] += 0.15 * np.sin(np.pi * t * cad)
            f += np.stack([smooth_noise(r, n, self.fs, 8, 0.05) for _ in range(3)], 1)
            tilt = np.zeros((n, 3))
            tilt[:, 1] = np.radians(r.uniform(6, 12)) + np.radians(3) * np.sin(2 * np.pi * cad * t)
            tilt[:, 0] = np.radians(4) * np.sin(np.pi * cad * t)
        start = self.transition(tilt[0], 0.4)
        self.add(self.still_force(len(start)), start)
        yaw = smooth_noise(r, n, self.fs, 0.2, 0.25) + np.radians(8) * 2 * np.pi * cad / 2 \
            * np.cos(np.pi * cad * t)
        self.add(f, tilt, yaw)
        end = self.transition(np.zeros(3), 0.4)
        self.add(self.still_force(len(end)), end)

    def jumps(self, count):
        r = self.r
        for _ in range(count):
            self.stand(r.uniform(0.8, 2.5))
            cm, prop, flight = r.uniform(0.3, 0.45), r.uniform(0.2, 0.3), r.uniform(0.3, 0.55)
            land = r.uniform(3.0, 6.0)
            parts = []
            tc = self.t(cm)
            parts.append(1 - r.uniform(0.4, 0.7) * np.sin(np.pi * tc / cm))
            tp = self.t(prop)
            parts.append(1 + r.uniform(1.0, 1.6) * np.sin(np.pi * tp / prop) ** 0.7
                         * (1 - tp / prop) ** 0.3)
            parts.append(np.zeros(len(self.t(flight))))
            tl = self.t(0.6)
            parts.append(1 + (land - 1) * np.exp(-(tl / 0.03) ** 2)
                         + 0.6 * np.exp(-tl / 0.12) * np.sin(2 * np.pi * 6 * tl))
            fz = np.concatenate(parts)
            n = len(fz)
            f = self.still_force(n, 0.03)
            f[:, 2] = fz + f[:, 2] - 1
            f[:, 0] += 0.2 * np.sin(np.pi * np.arange(n) / n) * r.normal()
            lean = np.radians(r.uniform(10, 25))
            k = len(tc) + len(tp)
            prof = np.zeros(n)
            prof[:k] = np.sin(np.pi * np.arange(k) / k)
            tilt = self.last_tilt + np.outer(prof * lean, [0, 1, 0])
            self.add(f, tilt)
        self.stand(r.uniform(1, 3))

    def sit(self, kind):
        """kind: 'chair' (hard sit), 'sofa' (drop and recline)."""
        r, fs = self.r, self.fs
        self.stand(r.uniform(1, 3))
        desc = r.uniform(0.4, 0.65)
        td = self.t(desc)
        fz = [1 - r.uniform(0.4, 0.75) * np.sin(np.pi * td / desc)]
        if kind == "chair":
            peak, width, recline = r.uniform(2.0, 3.5), 0.03, r.uniform(5, 25)
        else:
            peak, width, recline = r.uniform(1.8, 3.0), 0.06, r.uniform(25, 45)
        ti = self.t(0.5)
        fz.append(1 + (peak - 1) * np.exp(-(ti / width) ** 2)
                  + 0.3 * np.exp(-ti / 0.1) * np.sin(2 * np.pi * 5 * ti))
        fz = np.concatenate(fz)
        n = len(fz)
        f = self.still_force(n, 0.02)
        f[:, 2] += fz - 1
        azim = np.pi + r.uniform(-0.6, 0.6)  # mostly backwards
        target = np.radians(recline) * np.array([-np.sin(azim), np.cos(azim), 0.0])
        a = ramp(n)[:, None]
        tilt = (1 - a) * self.last_tilt + a * target
        self.add(f, tilt)
        m = int(r.uniform(10, 45) * fs)
        self.add(self.still_force(m, 0.01), self.last_tilt + self.sway(m, 0.8))
        self.stand_up()

    def stand_up(self):
        r = self.r
        lean = self.transition(np.radians(r.uniform(30, 45)) * np.array([0, 1, 0]), 0.8)
        self.add(self.still_force(len(lean), 0.03), lean)
        back = self.transition(np.zeros(3), 1.0)
        f = self.still_force(len(back), 0.03)
        f[:, 2] += 0.3 * np.sin(np.pi * np.arange(len(back)) / len(back))
        self.add(f, back)
        self.stand(r.uniform(1, 3))

    def bed(self):
        r, fs = self.r, self.fs
        self.stand(r.uniform(1, 2))
        sit = self.transition(np.radians(10) * np.array([0, -1, 0]), 1.0)
        f = self.still_force(len(sit), 0.02)
        f[:, 2] += 0.25 * np.sin(np.pi * np.arange(len(sit)) / len(sit)) * -1
        self.add(f, sit)
        self.stand(r.uniform(1, 4))
        azim = r.uniform(0, 2 * np.pi)
        target = np.radians(r.uniform(80, 100)) * np.array([np.cos(azim), np.sin(azim), 0])
        down = self.transition(target, r.uniform(1.5, 3.5))
        f = self.still_force(len(down), 0.03)
        tt = np.arange(len(down)) / fs
        flop = r.uniform(0.1, 0.6)
        f[:, 2] += flop * np.exp(-((tt - tt[-1] + 0.1) / 0.06) ** 2)
        self.add(f, down)
        m = int(r.uniform(15, 50) * fs)
        self.add(self.still_force(m, 0.01), self.last_tilt + self.sway(m, 1.0))
        up = self.transition(np.radians(10) * np.array([0, -1, 0]), r.uniform(2, 3.5))
        self.add(self.still_force(len(up), 0.03), up)
        self.stand_up()

    def fall(self, get_up):
        r, fs = self.r, self.fs
        dur = r.uniform(0.5, 1.0)
        td = self.t(dur)
        n = len(td)
        azim = r.uniform(0, 2 * np.pi)
        theta = np.radians(r.uniform(70, 110))
        target = theta * np.array([np.cos(azim), np.sin(azim), 0])
        prog = (td / dur) ** 2
        tilt = (1 - prog)[:, None] * self.last_tilt + prog[:, None] * target
        f = self.still_force(n, 0.05)
        f[:, 2] -= r.uniform(0.4, 0.8) * np.sin(np.pi * np.minimum(1, 1.3 * td / dur)) ** 0.5
        f[: int(0.3 * fs), :2] += r.normal(0, 0.25, size=2)  # stumble
        self.add(f, tilt)
        self.falls.append(self.n)
        peak = r.uniform(2.3, 7.0)
        ti = self.t(0.6)
        spike = np.exp(-(ti / 0.02) ** 2) + 0.4 * np.exp(-((ti - 0.09) / 0.025) ** 2)
        f = self.still_force(len(ti), 0.03)
        direction = np.array([r.uniform(-0.4, 0.4), r.uniform(-0.4, 0.4), 1.0])
        f += np.outer(spike, direction / np.linalg.norm(direction) * (peak - 1.0))
        self.add(f, np.repeat(target[None], len(ti), 0))
        m = int(r.uniform(8, 40) * fs)
        f = self.still_force(m, 0.01)
        for when in r.uniform(0, m / fs, size=r.integers(0, 4)):  # small movements
            tt = np.arange(m) / fs - when
            f += np.outer(np.exp(-(tt / 0.3) ** 2), r.normal(0, 0.08, 3))
        shift = np.radians(r.uniform(-8, 8))
        tilt = target + np.outer(ramp(m), [shift, -shift, 0]) + self.sway(m, 0.5)
        self.add(f, tilt)
        if get_up:
            up = self.transition(np.radians(40) * np.array([0, 1, 0]), r.uniform(2, 4))
            f = self.still_force(len(up), 0.05)
            f[:, 2] += 0.2 * np.sin(np.pi * np.arange(len(up)) / len(up))
            self.add(f, up)
            back = self.transition(np.zeros(3), 1.0)
            self.add(self.still_force(len(back), 0.03), back)
            self.stand(r.uniform(2, 5))

    # ---- the sensor -----------------------------------------------------------------------
    def sensor(self):
        r, fs = self.r, self.fs
        f = np.concatenate(self.f)
        tilt = np.concatenate(self.tilt)
        heading = np.cumsum(np.concatenate(self.yaw)) / fs + r.uniform(0, 2 * np.pi)
        body = Rotation.from_rotvec(np.column_stack([np.zeros_like(heading), np.zeros_like(
            heading), heading])) * Rotation.from_rotvec(tilt)
        mount = Rotation.random(random_state=int(r.integers(2 ** 31)))
        to_sensor = (Rotation.from_rotvec(tilt) * mount).inv()
        acc = to_sensor.apply(f)
        world = body * mount
        rel = world[:-1].inv() * world[1:]
        omega = np.vstack([rel.as_rotvec() * fs, np.zeros((1, 3))])
        gyro = np.degrees(omega)
        acc = acc * r.uniform(0.97, 1.03, 3) + r.uniform(-0.04, 0.04, 3)
        acc += r.normal(0, r.uniform(0.005, 0.015), acc.shape)
        acc = np.clip(acc, -G_RANGE, G_RANGE)
        gyro = gyro * r.uniform(0.97, 1.03, 3) + r.uniform(-3, 3, 3)
        gyro += r.normal(0, 0.3, gyro.shape)
        gyro = np.clip(gyro, -2000, 2000)
        return acc, gyro, np.array(self.falls) / fs


def make_record(r, fs, plan):
    b = Builder(r, fs)
    b.stand(r.uniform(3, 6))
    for step in plan:
        if step == "walk":
            b.walk(r.uniform(10, 40))
        elif step == "run":
            b.walk(r.uniform(10, 30), run=True)
        elif step == "jump":
            b.jumps(int(r.integers(2, 5)))
        elif step in ("chair", "sofa"):
            b.sit(step)
        elif step == "bed":
            b.bed()
        elif step == "stand":
            b.stand(r.uniform(3, 15))
        elif step == "fall":
            b.walk(r.uniform(5, 15))
            b.fall(get_up=True)
        elif step == "fall_stay":
            b.walk(r.uniform(5, 15))
            b.fall(get_up=False)
    b.stand(r.uniform(3, 6))
    return b.sensor()


ADLS = ["walk", "run", "jump", "chair", "sofa", "bed", "stand"]


def score(found, truth, tol=1.0):
    """(matched falls, false alarms): each true fall matched to at most one detection."""
    found = sorted(float(x) for x in found)
    used = set()
    hits = 0
    for t in truth:
        cands = [i for i, x in enumerate(found) if abs(x - t) <= tol and i not in used]
        if cands:
            used.add(min(cands, key=lambda i: abs(found[i] - t)))
            hits += 1
    return hits, len(found) - len(used)


def check_output(out):
    assert isinstance(out, list), f"expected a list, got {type(out).__name__}"
    for x in out:
        assert isinstance(x, (float, int, np.floating, np.integer)) and not isinstance(x, bool)
    assert list(out) == sorted(out), "fall times must be in increasing order"


def test_falls_among_daily_activities():
    r = rng(1)
    total_true = total_hits = total_false = 0
    for i in range(5):
        fs = float(r.choice([50, 64, 100]))
        plan = list(r.choice(ADLS, size=5)) + ["fall"] + list(r.choice(ADLS, size=4))
        plan += ["fall"] if i % 2 else ["fall_stay"]
        acc, gyro, truth = make_record(r, fs, plan)
        out = detect_falls(acc, gyro, fs)
        check_output(out)
        hits, false = score(out, truth)
        total_true += len(truth)
        total_hits += hits
        total_false += false
        assert hits >= len(truth) - 1 and false <= 1, (
            f"record {i} (fs {fs}): true falls at {np.round(truth, 2).tolist()}, "
            f"reported {np.round(out, 2).tolist()}")
    assert total_hits >= total_true - 1, f"found {total_hits} of {total_true} falls"
    assert total_false <= 1, f"{total_false} false alarms in {i + 1} records"


def test_falls_in_every_direction():
    r = rng(2)
    total_true = total_hits = total_false = 0
    for i in range(6):
        fs = float(r.choice([50, 100]))
        acc, gyro, truth = make_record(r, fs, ["walk", "fall", "stand", "fall_stay"])
        out = detect_falls(acc, gyro, fs)
        check_output(out)
        hits, false = score(out, truth)
        total_true += len(truth)
        total_hits += hits
        total_false += false
    assert total_hits >= total_true - 1, f"found {total_hits} of {total_true} falls"
    assert total_false <= 1, f"{total_false} false alarms"


@pytest.mark.parametrize("activity", ["run", "jump", "chair", "sofa", "bed"])
def test_no_false_alarm_in_daily_activities(activity):
    r = rng(3 + ADLS.index(activity))
    false = 0
    for fs in (50.0, 100.0):
        acc, gyro, _ = make_record(r, fs, [activity, "walk", activity, "stand", activity])
        out = detect_falls(acc, gyro, fs)
        check_output(out)
        false += len(out)
    assert false == 0, f"{activity}: {false} false alarms"


def test_quiet_and_short_records():
    r = rng(20)
    b = Builder(r, 50.0)
    b.stand(60)
    acc, gyro, _ = b.sensor()
    assert detect_falls(acc, gyro, 50.0) == []
    assert detect_falls(acc[:50], gyro[:50], 50.0) == []


@pytest.mark.parametrize("acc, gyro, fs", [
    (np.zeros((100, 2)), np.zeros((100, 3)), 50.0),
    (np.zeros((100, 3)), np.zeros((99, 3)), 50.0),
    (np.zeros(300), np.zeros(300), 50.0),
    (np.zeros((100, 3)), np.zeros((100, 3)), 0.0),
    (np.zeros((100, 3)), np.zeros((100, 3)), -10.0)])
def test_invalid_input_raises(acc, gyro, fs):
    with pytest.raises(ValueError):
        detect_falls(acc, gyro, fs)
