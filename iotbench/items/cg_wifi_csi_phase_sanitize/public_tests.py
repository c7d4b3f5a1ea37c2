import numpy as np

from candidate import sanitize_csi_phase


def test_linear_phase_becomes_zero():
    k = np.arange(-10, 11)
    raw = np.angle(np.exp(1j * (0.5 * k + 1.0)))
    out = sanitize_csi_phase(raw, k)
    assert out.shape == (21,)
    assert np.allclose(out, 0.0, atol=1e-9)
