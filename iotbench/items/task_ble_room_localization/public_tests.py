import numpy as np

from candidate import locate_tag


def test_tag_on_a_survey_point():
    anchors = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 8.0], [0.0, 8.0]])
    points = np.array([[x, y] for y in np.arange(0.5, 8.0, 1.0) for x in np.arange(0.5, 10.0, 1.0)])
    d = np.linalg.norm(points[:, None, :] - anchors[None], axis=2)
    survey = -55.0 - 25.0 * np.log10(d)
    truth = 23  # survey point (3.5, 2.5)
    scans = np.tile(survey[truth], (10, 1)) + np.random.default_rng(0).normal(0, 1.0, (10, 4))
    scans[3, 2] = np.nan
    x, y = locate_tag(anchors, points, survey, scans)
    assert np.hypot(x - points[truth, 0], y - points[truth, 1]) < 1.5
