import numpy as np

from candidate import usable_seconds


def test_clean_beats_then_electrode_off():
    fs = 250.0
    t = np.arange(int(20 * fs)) / fs
    mv = np.zeros_like(t)
    for beat in np.arange(0.4, 20, 0.8):               # 75 bpm
        mv += 1.0 * np.exp(-0.5 * ((t - beat) / 0.012) ** 2)
        mv += 0.25 * np.exp(-0.5 * ((t - beat - 0.28) / 0.05) ** 2)
    counts = np.round(2048 + 200 * mv).astype(int)
    counts[int(12 * fs):] = 2051                        # electrode off: a flat line
    usable = usable_seconds(counts, fs, 200.0)
    assert isinstance(usable, np.ndarray) and usable.dtype == bool and usable.shape == (20,)
    assert usable[:11].all() and not usable[13:].any()
