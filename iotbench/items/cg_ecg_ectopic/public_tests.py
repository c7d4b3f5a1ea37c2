import numpy as np

from candidate import flag_ectopic_beats


def test_single_pvc():
    rr = [1000, 1000, 1000, 1000, 700, 1300, 1000, 1000]   # ms at fs = 1000 Hz
    peaks = np.concatenate([[0], np.cumsum(rr)])
    flags = flag_ectopic_beats(peaks, 1000.0)
    assert flags.tolist() == [False] * 5 + [True] + [False] * 3
