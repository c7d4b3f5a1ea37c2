import numpy as np

from candidate import af_episodes


def test_regular_then_irregular_rhythm():
    rng = np.random.default_rng(0)
    sinus = np.cumsum(np.full(300, 0.8) + rng.normal(0, 0.01, 300))          # 4 minutes
    af = sinus[-1] + np.cumsum(0.6 * rng.gamma(16, 1 / 16, 400) + 0.1)      # 4 minutes
    back = af[-1] + np.cumsum(np.full(300, 0.8) + rng.normal(0, 0.01, 300))
    peaks = np.r_[sinus, af, back]
    found = af_episodes(peaks)
    assert isinstance(found, list) and len(found) == 1
    start, end = found[0]
    assert abs(start - sinus[-1]) < 40 and abs(end - af[-1]) < 40
    assert af_episodes(sinus) == []
