import numpy as np

from candidate import paced_heart_rate


def test_steady_ventricular_pacing_at_70_bpm():
    fs = 500.0
    t = np.arange(int(32 * fs)) / fs
    ecg = 0.1 * np.sin(2 * np.pi * 0.25 * t)
    spikes = 0.4 + np.arange(37) * 60.0 / 70.0
    for s in spikes:
        ecg[int(round(s * fs))] += 6.0                            # pacing spike, one sample
        ecg += 1.5 * np.exp(-0.5 * ((t - s - 0.05) / 0.03) ** 2)   # wide paced QRS
        ecg -= 1.0 * np.exp(-0.5 * ((t - s - 0.13) / 0.03) ** 2)
        ecg -= 0.4 * np.exp(-0.5 * ((t - s - 0.35) / 0.07) ** 2)   # discordant T wave
    out = paced_heart_rate(ecg, fs)
    times = np.asarray(out["beat_times_s"], dtype=float)
    assert out["n_beats"] == len(times) == len(spikes)
    assert np.all(np.abs(times - spikes - 0.08) <= 0.13)
    assert len(out["hr_bpm"]) == 3
    assert np.allclose(out["hr_bpm"], 70.0, atol=2.0)
