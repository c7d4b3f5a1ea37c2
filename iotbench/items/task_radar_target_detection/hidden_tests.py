"""Hidden tests: targets detected in FMCW range profiles over a non-uniform clutter floor.

Each profile is the power of a Hann-windowed range FFT of one frame. The clutter-plus-noise floor
varies along range: the transmitter's leakage in the first bins, ground clutter that decays with range,
a gently sloping receiver noise floor (the IF chain's gain is not flat), and regions of
distributed clutter (vegetation, rain, a fence) that raise the floor by 8-20 dB with sharp
edges. Clutter-plus-noise cells are complex Gaussian (exponentially distributed power) around
that floor. Point targets are placed at fractional bins and appear with the window's response
(main lobe over about three bins, low side lobes), often in groups of a few targets a few bins
apart (cars in a queue, pedestrians next to a pole), some of them next to a clutter edge. Required
targets stand 13-35 dB above the local floor; a few much weaker targets may be present too and are
not required (reporting them is not a false alarm).
"""

import os

import numpy as np
import pytest

from candidate import detect_targets

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def hann_response(offset):
    """Amplitude response of a Hann-windowed tone, `offset` FFT bins away from the tone."""
    x = np.asarray(offset, dtype=float)
    return 0.5 * np.sinc(x) + 0.25 * np.sinc(x - 1) + 0.25 * np.sinc(x + 1)


def floor_profile(r, n_bins, with_regions=True):
    """Mean clutter-plus-noise power per bin (linear, arbitrary units) and region edges."""
    k = np.arange(n_bins)
    noise = 10 ** (r.uniform(-1, 1) + r.uniform(-2.5, 2.5) / 10 * (k / n_bins - 0.5) * 2)
    ripple = 10 ** (r.uniform(0.5, 2.0) / 10 * np.sin(2 * np.pi * k / r.uniform(60, 200)
                                                         + r.uniform(0, 6.3)))
    floor = noise * ripple
    leak = 10 ** (r.uniform(20, 30) / 10) * np.exp(-k / r.uniform(1.0, 1.5))  # TX leakage
    ground = 10 ** (r.uniform(3, 10) / 10) * np.exp(-k / r.uniform(15, 50))  # ground clutter
    floor = floor * (1 + leak + ground)
    edges = []
    if with_regions:
        taken = np.zeros(n_bins, dtype=bool)
        for _ in range(int(r.integers(1, 3))):
            width = int(r.integers(n_bins // 10, n_bins // 5))
            start = int(r.integers(n_bins // 8, n_bins - width - 5))
            if taken[max(0, start - 30):start + width + 30].any():
                continue  # regions do not overlap
            taken[start:start + width] = True
            rise = 10 ** (r.uniform(8, 20) / 10)
            floor[start:start + width] *= rise
            edges += [(start, 1), (start + width - 1, -1)]  # (edge bin, side of the region)
    return floor, edges


def make_profile(r, n_bins, with_regions=True, n_groups=None):
    """Returns power profile, required target peak bins, all target bins (incl. weak)."""
    floor, edges = floor_profile(r, n_bins, with_regions)
    noise = (r.standard_normal(n_bins) + 1j * r.standard_normal(n_bins)) / np.sqrt(2)
    spec = noise * np.sqrt(floor)
    # positions: groups of 1-3 targets 4-9 bins apart, some placed right beside a clutter edge
    n_groups = int(r.integers(3, 7)) if n_groups is None else n_groups
    centres = []
    lo = 8
    for g in range(n_groups):
        if edges and r.random() < 0.35:
            e, inward = edges[int(r.integers(0, len(edges)))]
            if r.random() < 0.6:  # inside the clutter region, close to its edge
                c = e + inward * r.uniform(3.0, 8.0)
            else:  # outside, clear of the region's edge by about the width of a target group
                c = e - inward * r.uniform(10.0, 16.0)
        else:
            c = r.uniform(lo, n_bins - 10)
        size = int(r.choice([1, 2, 2, 3]))
        pos = [c]
        for _ in range(size - 1):
            pos.append(pos[-1] + r.choice([-1, 1]) * r.uniform(4.0, 9.0))
        centres += pos
    centres = np.array(centres)
    centres = centres[(centres > lo) & (centres < n_bins - 6)]
    # keep targets at least 4 bins apart
    centres = np.sort(centres)
    keep = []
    for c in centres:
        if not keep or c - keep[-1] >= 4.0:
            keep.append(c)
    centres = np.array(keep)
    snr_db = r.uniform(13, 35, centres.size)
    weak = r.random(centres.size) < 0.12
    snr_db[weak] = r.uniform(0, 6, weak.sum())
    k = np.arange(n_bins)
    peaks = []
    for c, s in zip(centres, snr_db):
        pk = int(np.round(c))
        # local floor: mean floor over the target's neighbourhood (the cells where it stands)
        local = floor[max(0, pk - 1):pk + 2].mean()
        resp = hann_response(k - c)
        scale = np.sqrt(10 ** (s / 10) * local) / np.abs(resp).max()
        spec = spec + scale * resp * np.exp(1j * r.uniform(0, 2 * np.pi))
        peaks.append(int(np.argmax(np.abs(resp))))
    peaks = np.array(peaks, dtype=int)
    return np.abs(spec) ** 2, peaks[~weak], peaks


def score(detections, required, everything, n_bins):
    """(hits, misses, false alarms) for one profile; a target claimed twice counts once, the
    extra claim is a false alarm."""
    det = np.asarray(sorted(int(d) for d in detections), dtype=int)
    claimed = np.zeros(everything.size, dtype=bool)
    false = 0
    for d in det:
        dist = np.abs(everything - d)
        j = int(np.argmin(dist)) if everything.size else -1
        if j >= 0 and dist[j] <= 1 and not claimed[j]:
            claimed[j] = True
        else:
            false += 1
    req = np.isin(everything, required)
    hits = int((claimed & req).sum())
    return hits, int(req.sum()) - hits, false


def run_batch(r, n_profiles, n_bins, **kw):
    rows, req, allt = [], [], []
    for _ in range(n_profiles):
        p, q, a = make_profile(r, n_bins, **kw)
        rows.append(p)
        req.append(q)
        allt.append(a)
    profiles = np.array(rows)
    out = detect_targets(profiles)
    assert isinstance(out, list) and len(out) == n_profiles, "one list per profile expected"
    hits = misses = false = 0
    for det, q, a in zip(out, req, allt):
        assert all(isinstance(d, (int, np.integer)) for d in det), "bin indices must be ints"
        h, m, f = score(det, q, a, n_bins)
        hits, misses, false = hits + h, misses + m, false + f
    return hits, misses, false, profiles.size


def test_targets_over_clutter():
    r = rng(1)
    hits = misses = false = cells = 0
    for _ in range(3):
        n_bins = int(r.choice([256, 512]))
        h, m, f, c = run_batch(r, 40, n_bins, with_regions=True)
        hits, misses, false, cells = hits + h, misses + m, false + f, cells + c
    pd = hits / (hits + misses)
    assert pd >= 0.85, f"found {hits} of {hits + misses} targets ({pd:.1%})"
    assert false <= 2e-3 * cells, f"{false} false alarms in {cells} cells"


def test_target_groups_on_quiet_floor():
    r = rng(2)
    h, m, f, c = run_batch(r, 60, 256, with_regions=False, n_groups=5)
    pd = h / (h + m)
    assert pd >= 0.85, f"found {h} of {h + m} targets ({pd:.1%})"
    assert f <= 2e-3 * c, f"{f} false alarms in {c} cells"


def test_no_targets_no_alarms():
    r = rng(3)
    rows = []
    for _ in range(60):
        floor, _ = floor_profile(r, 256, True)
        noise = (r.standard_normal(256) + 1j * r.standard_normal(256)) / np.sqrt(2)
        rows.append(np.abs(noise * np.sqrt(floor)) ** 2)
    out = detect_targets(np.array(rows))
    false = sum(len(d) for d in out)
    assert false <= 2e-3 * 60 * 256, f"{false} false alarms in {60 * 256} target-free cells"


def test_output_form_and_single_profile():
    r = rng(4)
    p, q, _ = make_profile(r, 128, with_regions=False, n_groups=2)
    out = detect_targets(p[None, :])
    assert isinstance(out, list) and len(out) == 1 and isinstance(out[0], list)
    assert out[0] == sorted(out[0])
    assert all(0 <= int(d) < 128 for d in out[0])


@pytest.mark.parametrize("bad", ["1d", "negative", "short"])
def test_invalid_input_raises(bad):
    if bad == "1d":
        x = np.ones(128)
    elif bad == "negative":
        x = np.ones((2, 128))
        x[1, 5] = -1.0
    else:
        x = np.ones((2, 8))
    with pytest.raises(ValueError):
        detect_targets(x)
