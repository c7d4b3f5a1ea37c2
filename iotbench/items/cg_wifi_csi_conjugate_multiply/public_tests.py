import numpy as np

from candidate import conjugate_multiply


def test_phase_offset_cancels():
    h_a = np.array([1 + 2j, 3 - 1j])
    h_b = np.array([2 + 0j, 1j])
    rot = np.exp(1j * 0.8)
    out = conjugate_multiply(h_a * rot, h_b * rot, remove_static=False)
    assert np.allclose(out, h_a * np.conj(h_b))
