import numpy as np

from candidate import ppg_hrv


def test_regular_pulse_has_tiny_rmssd():
    fs = 100.0
    t = np.arange(int(60 * fs)) / fs
    phase = (t * 1.0) % 1.0                      # 60 bpm, perfectly regular
    pulse = np.exp(-((phase - 0.2) / 0.08) ** 2) + 0.3 * np.exp(-((phase - 0.5) / 0.1) ** 2)
    out = ppg_hrv(40000 + 1000 * pulse, fs)
    ibi = np.asarray(out["ibi_ms"])
    assert abs(ibi.mean() - 1000.0) <= 5.0
    assert isinstance(out["rmssd_ms"], float) and out["rmssd_ms"] < 3.0
