import numpy as np

from candidate import doppler_velocity


def test_one_person_walking_towards_the_sensor():
    fs, carrier = 2000.0, 24.125e9
    lam = 3.0e8 / carrier
    t = np.arange(int(8 * fs)) / fs
    moving = (t >= 2.0) & (t < 6.0)
    v = np.where(moving, -1.2, 0.0)                     # approaching at 1.2 m/s
    phase = -4 * np.pi / lam * np.cumsum(v) / fs
    rng = np.random.default_rng(1)
    iq = 30.0 + 12.0j + moving * np.exp(1j * phase)
    iq = iq + 0.05 * (rng.normal(size=t.size) + 1j * rng.normal(size=t.size))
    out = doppler_velocity(iq, fs, carrier)
    assert isinstance(out, np.ndarray) and out.shape == (80,)
    assert np.all(np.abs(out[28:52] + 1.2) <= 0.1)
    assert np.all(np.isnan(out[:12])) and np.all(np.isnan(out[68:]))
