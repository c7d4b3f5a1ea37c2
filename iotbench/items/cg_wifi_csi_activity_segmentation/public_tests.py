import numpy as np

from candidate import segment_activity


def test_one_burst():
    rng = np.random.default_rng(1)
    x = 0.01 * rng.normal(size=600)
    x[200:400] += rng.normal(size=200)
    segments, mv = segment_activity(x, threshold=0.2)
    assert mv.shape == (600,)
    assert len(segments) == 1
    start, end = segments[0]
    assert abs(start - 200) <= 25 and abs(end - 400) <= 25
