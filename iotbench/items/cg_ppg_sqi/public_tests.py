import numpy as np

from candidate import ppg_quality


def test_clean_pulse_train_is_good():
    fs = 25.0
    t = np.arange(0, 16, 1 / fs)
    phase = (t * 1.25) % 1.0
    ppg = np.exp(-((phase - 0.3) / 0.08) ** 2)    # narrow systolic peaks
    q = ppg_quality(ppg, fs)
    assert q["good"].tolist() == [True, True]
