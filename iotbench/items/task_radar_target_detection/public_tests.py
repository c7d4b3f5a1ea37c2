import numpy as np

from candidate import detect_targets


def test_two_targets_on_a_flat_floor():
    rng = np.random.default_rng(0)
    n = 128
    noise = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) / np.sqrt(2)
    spectrum = noise.copy()
    for peak_bin, power_db in ((40, 25.0), (90, 20.0)):
        spectrum[peak_bin] += 10 ** (power_db / 20)
        spectrum[peak_bin - 1] += 0.5 * 10 ** (power_db / 20)
        spectrum[peak_bin + 1] += 0.5 * 10 ** (power_db / 20)
    out = detect_targets((np.abs(spectrum) ** 2)[None, :])
    assert out == [[40, 90]]
