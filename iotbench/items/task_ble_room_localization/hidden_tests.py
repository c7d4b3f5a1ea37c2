"""Hidden tests: tag positions from anchor RSSI and a fingerprint survey, graded on the error.

Rooms (8-15 m by 6-10 m) are drawn from the run's data seed (IOTBENCH_DATA_SEED) with 4-6
anchors spread along the walls. Each anchor's mean RSSI field is a log-distance law (its own
1 m level and exponent 1.8-3.0) plus a spatially correlated multipath/furniture term (sum of
random spatial cosines, wavelengths 1.5-5 m, 2-3 dB rms). The survey averages the reference
tag on a 1.0-1.5 m grid (1 dB residual noise). A tracked tag has its own level relative to the
reference tag (other models and transmit-power settings), its advertisements fade (Rician,
K 2-8 dB) and each anchor misses 5-35 % of them, and all below -98 dBm. A tag is graded only
where at least three anchors heard it (the installation's coverage; with fewer the position is
not determined); ground truth is the position the generator placed the tag at.
"""

import os

import numpy as np
import pytest

from candidate import locate_tag

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def make_room(r):
    width, depth = r.uniform(8, 15), r.uniform(6, 10)
    n_anchors = int(r.integers(4, 7))
    perimeter = 2 * (width + depth)
    s = (np.arange(n_anchors) / n_anchors * perimeter + r.uniform(0, perimeter / n_anchors)
         + r.normal(0, 0.1 * perimeter / n_anchors, n_anchors)) % perimeter
    ax = np.where(s < width, s, np.where(s < width + depth, width,
                                         np.where(s < 2 * width + depth, 2 * width + depth - s,
                                                  0.0)))
    ay = np.where(s < width, 0.0, np.where(s < width + depth, s - width,
                                           np.where(s < 2 * width + depth, depth,
                                                    perimeter - s)))
    anchors = np.column_stack([ax, ay])
    level_1m = r.uniform(-65, -50, n_anchors)
    exponent = r.uniform(1.8, 3.0, n_anchors)
    n_cos = 30
    direction = r.uniform(0, 2 * np.pi, (n_anchors, n_cos))
    wavenumber = 2 * np.pi / r.uniform(1.5, 5, (n_anchors, n_cos))
    phase = r.uniform(0, 2 * np.pi, (n_anchors, n_cos))
    amplitude = r.uniform(2.0, 3.0, n_anchors) * np.sqrt(2 / n_cos)

    def field(points):
        points = np.atleast_2d(points)
        d = np.maximum(np.linalg.norm(points[:, None, :] - anchors[None], axis=2), 0.3)
        mean = level_1m[None] - 10 * exponent[None] * np.log10(d)
        proj = (points[:, 0, None, None] * np.cos(direction)[None]
                + points[:, 1, None, None] * np.sin(direction)[None]) * wavenumber[None]
        return mean + (amplitude[None, :, None] * np.cos(proj + phase[None])).sum(axis=2)

    return width, depth, anchors, field


def make_survey(r, width, depth, field):
    spacing = r.uniform(1.0, 1.5)
    xs = np.arange(spacing / 2, width, spacing)
    ys = np.arange(spacing / 2, depth, spacing)
    points = np.array([(x, y) for y in ys for x in xs])
    rssi = field(points)
    return points, np.round(rssi + r.normal(0, 1.0, rssi.shape), 1)


def make_scans(r, width, depth, field, tag_level):
    k = int(r.integers(8, 21))
    k_factor = 10 ** (r.uniform(2, 8) / 10)
    miss_rate = r.uniform(0.05, 0.35)
    while True:  # a tag outside the installation's coverage (< 3 anchors hear it) gets no fix
        position = np.array([r.uniform(0.3, width - 0.3), r.uniform(0.3, depth - 0.3)])
        mean = field(position)[0] + tag_level
        h = (r.normal(size=(k, mean.size)) + 1j * r.normal(size=(k, mean.size))) / np.sqrt(2)
        g = np.sqrt(k_factor / (k_factor + 1)) + np.sqrt(1 / (k_factor + 1)) * h
        scans = np.round(mean[None] + 20 * np.log10(np.abs(g)) + 1.0)
        missed = (r.random(scans.shape) < miss_rate) | (scans < -98)
        missed[0, int(np.argmax(mean))] = False  # the nearest anchor hears at least one packet
        scans[missed] = np.nan
        if np.isfinite(scans).any(axis=0).sum() >= 3:
            return position, scans


def grade(r, rooms, tags, tag_level):
    errors = []
    for _ in range(rooms):
        width, depth, anchors, field = make_room(r)
        points, survey = make_survey(r, width, depth, field)
        for _ in range(tags):
            truth, scans = make_scans(r, width, depth, field, tag_level(r))
            got = locate_tag(anchors.copy(), points.copy(), survey.copy(), scans)
            assert len(got) == 2
            errors.append(float(np.hypot(float(got[0]) - truth[0], float(got[1]) - truth[1])))
    errors = np.array(errors)
    median, p90 = np.median(errors), np.percentile(errors, 90)
    assert median <= 1.5, f"median error {median:.2f} m (90th percentile {p90:.2f} m)"
    assert p90 <= 3.5, f"90th percentile error {p90:.2f} m (median {median:.2f} m)"


def test_tags_like_the_reference_tag():
    grade(rng(1), 4, 20, lambda r: r.normal(0, 1.0))


def test_stronger_tag_models():
    grade(rng(2), 6, 20, lambda r: r.uniform(6, 12))


def test_weaker_tag_models():
    grade(rng(3), 6, 20, lambda r: -r.uniform(10, 18))


def test_returns_a_position_inside_the_room():
    r = rng(4)
    width, depth, anchors, field = make_room(r)
    points, survey = make_survey(r, width, depth, field)
    _truth, scans = make_scans(r, width, depth, field, 0.0)
    x, y = locate_tag(anchors, points, survey, scans)
    assert isinstance(float(x), float) and isinstance(float(y), float)
    assert -1.0 <= x <= width + 1.0 and -1.0 <= y <= depth + 1.0


@pytest.mark.parametrize("case", ["anchors", "survey", "scans", "silent"])
def test_invalid_input_raises(case):
    anchors = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 8.0], [0.0, 8.0]])
    points = np.array([[x, y] for x in (1.0, 5.0, 9.0) for y in (1.0, 4.0, 7.0)])
    survey = np.full((9, 4), -70.0)
    scans = np.full((5, 4), -72.0)
    if case == "anchors":
        anchors = anchors[:, :1]
    elif case == "survey":
        survey = survey[:, :3]
    elif case == "scans":
        scans = scans[:, :3]
    else:
        scans = np.full((5, 4), np.nan)
    with pytest.raises(ValueError):
        locate_tag(anchors, points, survey, scans)
