import numpy as np

from candidate import detect_activations


def test_single_burst():
    env = np.full(2000, 0.1)
    env[1000:1400] = 1.0
    bursts = detect_activations(env + 0.001 * np.sin(np.arange(2000)), 1000.0)
    assert bursts.tolist() == [[1000, 1400]]
