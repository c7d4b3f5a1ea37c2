"""Hidden tests: atrial-fibrillation episodes from the beat times of an ECG patch.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A record is a sequence of
rhythm segments: sinus rhythm (heart rate drifting slowly, respiratory sinus arrhythmia that can
be strong in young people, a ~0.1 Hz oscillation) with ectopic beats of the kinds and patterns
seen on Holter recordings (isolated premature atrial and ventricular beats, couplets, bigeminy
and trigeminy runs, short runs of regular supraventricular tachycardia), and paroxysmal atrial
fibrillation (irregularly irregular intervals at 70-150 bpm). The patch's QRS detector
occasionally misses a beat or adds a false one. Truth is the generator's AF timeline.
"""

import os

import numpy as np
import pytest

from candidate import af_episodes

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


class Sinus:
    """Sinus node: the normal interval (s) at a time, with slow drift, RSA and LF waves."""

    def __init__(self, r, young=False):
        self.rr0 = 60.0 / r.uniform(55, 95)
        self.rsa = r.uniform(0.04, 0.07) if young else r.uniform(0.01, 0.04)
        self.f_resp, self.f_lf = r.uniform(0.2, 0.33), r.uniform(0.08, 0.12)
        self.p = r.uniform(0, 6.3, 4)
        self.drift = (r.uniform(0.05, 0.12), r.uniform(1 / 900, 1 / 300))
        self.r = r

    def rr(self, t):
        a, f = self.drift
        return self.rr0 * (1 + a * np.sin(2 * np.pi * f * t + self.p[0])
                           + self.rsa * np.sin(2 * np.pi * self.f_resp * t + self.p[1])
                           + 0.02 * np.sin(2 * np.pi * self.f_lf * t + self.p[2])
                           + 0.008 * self.r.normal())


def sinus_segment(r, node, t0, seconds, ectopy, runs_per_hour=0.0):
    """Beat times of sinus rhythm from t0 for `seconds`, with ectopic beats: isolated ones
    (premature atrial or ventricular beats, couplets, short SVT runs) at a rate of `ectopy`
    per normal beat, and bigeminy / trigeminy runs starting `runs_per_hour` times an hour."""
    beats = []
    t = t0
    run_kind, run_left = None, 0
    while t < t0 + seconds:
        nn = node.rr(t)
        if run_left == 0 and r.random() < runs_per_hour * nn / 3600:
            run_kind = ("bigeminy" if r.random() < 0.6 else "trigeminy", r.choice(["pac", "pvc"]),
                        r.uniform(0.55, 0.78))
            run_left = int(r.uniform(15, 60))
        if run_left > 0:
            kind, sub, c = run_kind
            run_left -= 1
            if kind == "trigeminy":           # one more normal beat between ectopic beats
                t += nn
                beats.append(t)
            kind = sub
        elif r.random() < ectopy:
            kind = r.choice(["pac", "pvc", "couplet", "svt"], p=[0.5, 0.35, 0.1, 0.05])
            c = r.uniform(0.55, 0.8)                  # coupling interval / sinus interval
        else:
            t += nn
            beats.append(t)
            continue
        if kind == "pac":
            t += c * nn
            beats.append(t)
            t += nn * r.uniform(1.0, 1.12)            # sinus node reset
            beats.append(t)
        elif kind == "pvc":
            t_prev = t
            t += c * nn
            beats.append(t)
            t = t_prev + 2 * nn                       # full compensatory pause
            beats.append(t)
        elif kind == "couplet":
            t += 0.65 * nn
            beats.append(t)
            t += 0.7 * nn
            beats.append(t)
            t += 1.3 * nn
            beats.append(t)
        else:  # a short run of regular supraventricular tachycardia
            fast = 60 / r.uniform(140, 180)
            for _ in range(int(r.integers(3, 9))):
                t += fast
                beats.append(t)
            t += nn * 1.1
            beats.append(t)
    return beats, t


def af_segment(r, t0, seconds):
    """Irregularly irregular ventricular response."""
    rate = r.uniform(70, 150)
    cv = r.uniform(0.2, 0.32)
    beats, t = [], t0
    prev = 0.0
    while t < t0 + seconds:
        x = r.gamma(1 / cv ** 2, cv ** 2)              # mean 1, given CV
        prev = 0.15 * prev + 0.85 * (x - 1)
        t += max(0.28, 60 / rate * (1 + prev))
        beats.append(t)
    return beats, t


def record(r, minutes, episodes, ectopy, young=False, runs_per_hour=0.0):
    """Return (R-peak times in s, list of true AF episodes (start, end))."""
    total = minutes * 60
    node = Sinus(r, young)
    lengths = [r.uniform(60, 600) for _ in range(episodes)]
    gaps = r.dirichlet(np.ones(episodes + 1)) * (total - sum(lengths) - 120 * (episodes + 1))
    gaps += 120
    beats, truth, t = [], [], 0.0
    for k in range(episodes + 1):
        seg, t = sinus_segment(r, node, t, gaps[k], ectopy, runs_per_hour)
        beats += seg
        if k < episodes:
            start = t
            seg, t = af_segment(r, t, lengths[k])
            beats += seg
            truth.append((start, t))
    beats = np.array(beats)
    # QRS detector errors: missed beats and noise detections
    keep = r.random(beats.size) > 0.003
    extra = r.uniform(0, beats[-1], int(0.001 * beats.size) + 1)
    beats = np.sort(np.r_[beats[keep], extra])
    beats = beats[np.r_[True, np.diff(beats) > 0.2]]
    return beats, truth


def seconds_mask(episodes, end):
    m = np.zeros(int(np.ceil(end)) + 1, bool)
    for a, b in episodes:
        m[int(max(0, a)):int(min(end, b)) + 1] = True
    return m


def grade(peaks, truth, found, i):
    """Check the form (hard) and return the record's (excess, problems), None when within
    tolerance."""
    assert isinstance(found, list), f"record {i}: expected a list, got {type(found)}"
    for ep in found:
        assert len(ep) == 2 and float(ep[0]) < float(ep[1]), f"record {i}: bad episode {ep}"
    end = peaks[-1]
    true_m = seconds_mask(truth, end)
    got_m = seconds_mask([(float(a), float(b)) for a, b in found], end)
    near = np.zeros_like(true_m)          # 30 s either side of a true boundary is not graded
    for a, b in truth:
        for edge in (a, b):
            near[int(max(0, edge - 30)):int(min(end, edge + 30)) + 1] = True
    graded = ~near
    af_s = (true_m & graded).sum()
    caught = (true_m & got_m & graded).sum()
    false_s = (~true_m & got_m & graded).sum()
    episodes = (f"(true episodes {[(round(a), round(b)) for a, b in truth]}, "
                f"found {[(round(float(a)), round(float(b))) for a, b in found]})")
    allowed = max(30, 0.02 * (~true_m & graded).sum())
    # excess: missed AF seconds in units of the 10 % of AF seconds that may be missed, and false
    # AF seconds in units of the allowed false seconds; the larger of the two
    excess = max((af_s - caught) / (0.1 * af_s) if af_s else 0.0, false_s / allowed)
    problems = []
    if af_s and not caught >= 0.9 * af_s:
        problems.append(f"record {i}: found {caught} of {af_s} s of AF, needed "
                        f"{0.9 * af_s:.0f} {episodes}")
    if not false_s <= allowed:
        problems.append(f"record {i}: {false_s} s of AF reported during sinus rhythm, allowed "
                        f"{allowed:.0f} {episodes}")
    if not problems:
        return None
    return excess, "; ".join(problems) + f" ({excess:.1f}x tolerance)"


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def test_paroxysmal_af():
    r = rng(1)
    bad = []
    for i in range(5):
        peaks, truth = record(r, r.uniform(20, 40), int(r.integers(1, 4)), r.uniform(0.0, 0.04))
        problem = grade(peaks, truth, af_episodes(peaks), i)
        if problem:
            bad.append(problem)
    assert_quota(bad, 5)


def test_frequent_ectopy_and_sinus_arrhythmia_are_not_af():
    r = rng(2)
    bad = []
    for i in range(6):
        peaks, truth = record(r, r.uniform(20, 30), 0, r.uniform(0.05, 0.15), young=i % 2 == 0,
                              runs_per_hour=r.uniform(4, 10))
        problem = grade(peaks, truth, af_episodes(peaks), i)
        if problem:
            bad.append(problem)
    assert_quota(bad, 6)


def test_af_amid_ectopy():
    r = rng(3)
    bad = []
    for i in range(5):
        peaks, truth = record(r, r.uniform(25, 40), int(r.integers(1, 3)), r.uniform(0.03, 0.1),
                              young=i % 2 == 1, runs_per_hour=r.uniform(2, 6))
        problem = grade(peaks, truth, af_episodes(peaks), i)
        if problem:
            bad.append(problem)
    assert_quota(bad, 5)


def test_output_form_and_list_input():
    r = rng(4)
    peaks, truth = record(r, 10, 0, 0.0)
    assert af_episodes(list(peaks)) == []
    peaks, truth = record(r, 15, 1, 0.0)
    found = af_episodes(peaks)
    assert isinstance(found, list) and len(found) >= 1
    assert all(isinstance(a, float) and isinstance(b, float) for a, b in found)
    starts = [a for a, _ in found]
    assert starts == sorted(starts)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(found[:-1], found[1:]))


@pytest.mark.parametrize("bad", [np.array([1.0, 2.0, 1.5, 3.0] * 10), np.zeros((10, 2))])
def test_invalid_input_raises(bad):
    with pytest.raises(ValueError):
        af_episodes(bad)
