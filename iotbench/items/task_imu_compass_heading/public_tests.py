import numpy as np

from candidate import compass_heading


def rotations(yaw, pitch):
    """Phone-to-world rotations (n, 3, 3): heading `yaw` clockwise from north, top tilted up by
    `pitch` (world axes east, north, up)."""
    cy, sy, cp, sp = np.cos(yaw), np.sin(yaw), np.cos(pitch), np.sin(pitch)
    z, o = np.zeros_like(yaw), np.ones_like(yaw)
    rz = np.stack([cy, sy, z, -sy, cy, z, z, z, o], axis=1).reshape(-1, 3, 3)
    rx = np.stack([o, z, z, z, cp, -sp, z, sp, cp], axis=1).reshape(-1, 3, 3)
    return rz @ rx


def test_phone_held_still_pointing_east_after_calibration():
    fs = 50.0
    n = int(30 * fs)
    t = np.arange(n) / fs
    cal = t < 20
    yaw = np.where(cal, 3 * np.pi * t / 20 * 2, np.pi / 2)
    pitch = np.where(cal, np.radians(85) * np.sin(2 * np.pi * t / 7), np.radians(30))
    rot = rotations(yaw, pitch)
    field = np.array([0.0, 20.0, -40.0])  # north and downward components, uT
    mag = np.einsum("nji,j->ni", rot, field) + np.array([30.0, -20.0, 10.0])
    acc = np.einsum("nji,j->ni", rot, np.array([0.0, 0.0, 9.81]))
    rng = np.random.default_rng(0)
    mag += rng.normal(0, 0.3, (n, 3))
    acc += rng.normal(0, 0.05, (n, 3))
    heading = np.asarray(compass_heading(mag, acc, fs))
    assert heading.shape == (n,)
    assert np.all((heading >= 0) & (heading < 360))
    error = (heading[int(25 * fs):] - 90 + 180) % 360 - 180
    assert np.all(np.abs(error) <= 5)
