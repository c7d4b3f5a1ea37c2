import numpy as np

from candidate import hrv_frequency_domain


def test_slow_modulation_is_low_frequency():
    rr, t = [], 0.0
    for _ in range(300):
        r = 900 + 40 * np.sin(2 * np.pi * 0.1 * t)
        rr.append(r)
        t += r / 1000
    out = hrv_frequency_domain(rr)
    assert out["lf_ms2"] > 10 * out["hf_ms2"]
