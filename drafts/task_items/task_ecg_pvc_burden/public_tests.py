import numpy as np

from candidate import pvc_burden


def _beat(t, centre, wide):
    if wide:   # a ventricular complex: wide, no P wave, T wave of opposite direction
        return (1.5 * np.exp(-0.5 * ((t - centre) / 0.04) ** 2)
                - 0.5 * np.exp(-0.5 * ((t - centre - 0.3) / 0.07) ** 2))
    return (0.15 * np.exp(-0.5 * ((t - centre + 0.16) / 0.025) ** 2)
            + 1.0 * np.exp(-0.5 * ((t - centre) / 0.01) ** 2)
            + 0.25 * np.exp(-0.5 * ((t - centre - 0.28) / 0.05) ** 2))


def test_one_ventricular_beat_in_ten():
    fs = 250.0
    t = np.arange(int(120 * fs)) / fs
    ecg = np.zeros_like(t)
    beat, count, ventricular = 0.5, 0, 0
    while beat < 119.0:
        wide = count % 10 == 9
        ecg += _beat(t, beat, wide)
        ventricular += wide
        count += 1
        beat += 0.8 if count % 10 != 9 else 0.5     # the ventricular beat comes early ...
        if wide:
            beat += 0.3                              # ... and a pause follows
    ecg += np.random.default_rng(0).normal(0, 0.01, t.size)
    burden = pvc_burden(ecg, fs)
    assert isinstance(burden, float)
    assert abs(burden - 100.0 * ventricular / count) <= 2.0
