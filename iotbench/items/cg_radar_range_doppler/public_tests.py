import numpy as np

from candidate import range_doppler_map


def test_static_target():
    fs, slope, tc = 10e6, 30e12, 60e-6
    n = np.arange(256)
    fb = 2 * slope * 5.0 / 3e8
    frame = np.tile(np.exp(2j * np.pi * fb * n / fs), (16, 1))
    rd, ranges, vel, r, v = range_doppler_map(frame, fs, slope, tc)
    assert rd.shape == (16, 256)
    assert abs(r - 5.0) < 0.2 and v == 0.0
