"""Hidden tests: walking speed from the CSI of a commodity WiFi link, graded on the outcome.

Each record is drawn from the run's data seed (IOTBENCH_DATA_SEED). The access point and the
receiver stand side by side at one end of a hallway; one person walks back and forth along it
at a steady speed (a few percent of wander), slowing down, turning and speeding up at each end.
The channel is a static multipath part plus the reflections off the person: the torso (whose
path length changes at twice the walking speed), two legs and two arms that swing around it
(legs reach about 2.5 times the walking speed during their swing, arms less), each weaker with
distance. The receiver reports per-subcarrier amplitudes with thermal noise, an AGC that changes
the gain of whole packets every few seconds, packet losses and timestamp jitter. The ground
truth is the speed the generator walked the person at.
"""

import os

import numpy as np
import pytest

from candidate import walking_speed

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
C = 299_792_458.0


def rng(stream):
    return np.random.default_rng([SEED, stream])


def packet_times(r, duration):
    rate = r.uniform(250, 600)
    t = np.arange(0, duration, 1 / rate)
    t = t + r.normal(0, 0.08 / rate, t.size)
    keep = r.random(t.size) > r.uniform(0.02, 0.15)  # lost or undecodable packets
    for _ in range(int(r.integers(0, 4))):  # the link is busy for a moment
        start = r.uniform(0, duration)
        keep &= ~((t > start) & (t < start + r.uniform(0.05, 0.4)))
    return np.sort(t[keep])


def walk(r, t, speed):
    """Distance from the radios along the hallway (m), torso speed (m/s) per packet."""
    near, far = r.uniform(1.0, 2.0), 0.0
    far = near + r.uniform(5.0, 10.0)
    dt = np.diff(t, prepend=t[0])
    x = np.empty_like(t)
    v = np.empty_like(t)
    pos, direction, pause = r.uniform(near, far), float(r.choice([-1, 1])), 0.0
    wander = 1 + 0.04 * np.sin(2 * np.pi * t / r.uniform(6, 15) + r.uniform(0, 6.3))
    ramp = 0.6  # metres over which the walker slows down before a turn
    for i in range(t.size):
        if pause > 0:
            pause -= dt[i]
            speed_now = 0.0
        else:
            to_end = (far - pos) if direction > 0 else (pos - near)
            speed_now = speed * wander[i] * min(1.0, max(0.25, to_end / ramp))
            pos += direction * speed_now * dt[i]
            if to_end <= 0.02:
                direction = -direction
                pause = r.uniform(0.5, 1.2)
        x[i], v[i] = pos, speed_now * direction
    return x, v


def csi_record(r, duration, speed, n_sub, fc):
    t = packet_times(r, duration)
    bandwidth = {30: 20e6, 56: 20e6, 114: 40e6}[n_sub]
    freqs = fc + np.linspace(-0.45, 0.45, n_sub) * bandwidth
    n_paths = 7
    delays = np.concatenate([[r.uniform(0.5, 1.5) / C], r.uniform(5, 40, n_paths - 1) / C])
    gains = np.exp(-np.arange(n_paths) * r.uniform(0.2, 0.5)) * r.uniform(0.5, 1.0, n_paths)
    gains = gains * np.exp(1j * r.uniform(0, 2 * np.pi, n_paths))
    h = (gains[None, :] * np.exp(-2j * np.pi * freqs[:, None] * delays[None, :])).sum(1)
    level = np.sqrt(np.mean(np.abs(h) ** 2))
    h = np.repeat(h[:, None], t.size, axis=1)
    x, v = walk(r, t, speed)
    cadence = r.uniform(1.6, 2.0) * (speed / 1.2) ** 0.3  # steps per second
    stride_phase = 2 * np.pi * np.cumsum(np.abs(v) / speed * cadence / 2 * np.diff(t, prepend=t[0]))
    step_length = speed / cadence
    torso = r.uniform(0.25, 0.5) * level
    bodies = [(torso, 0.0, 0.0), ]
    leg_phase = r.uniform(0, 2 * np.pi)
    for k in range(2):  # legs: swing about half a step ahead/behind the torso
        bodies.append((torso * r.uniform(0.3, 0.5), 0.5 * step_length, leg_phase + np.pi * k))
    for k in range(2):  # arms swing opposite to the legs, less far
        bodies.append((torso * r.uniform(0.15, 0.3), 0.25 * step_length,
                       leg_phase + np.pi * (k + 1)))
    heading = np.sign(v + 1e-9)
    for amp, reach, phase in bodies:
        pos = x + heading * reach * np.sin(stride_phase + phase) if reach else x
        path = 2 * np.sqrt(pos ** 2 + 0.3 ** 2) + r.uniform(-0.05, 0.05)
        strength = amp * (1.5 / pos)  # weaker further down the hallway
        h = h + strength[None, :] * np.exp(-2j * np.pi * freqs[:, None] * path[None, :] / C
                                           + 1j * r.uniform(0, 2 * np.pi))
    snr_db = r.uniform(22, 32)
    sigma = level * 10 ** (-snr_db / 20) / np.sqrt(2)
    h = h + sigma * (r.standard_normal(h.shape) + 1j * r.standard_normal(h.shape))
    n_switch = max(2, int(duration / r.uniform(2, 6)))
    switches = np.sort(r.uniform(0, duration, n_switch))
    agc_db = (np.round(r.uniform(-3, 3, n_switch + 1) * 2) / 2)[np.searchsorted(switches, t)]
    amp = np.abs(h) * 10 ** (agc_db / 20)[None, :] * (r.uniform(10, 60) / level)
    return amp, t + r.uniform(10, 9000)


def check(stream, count, speeds, bands, n_subs, durations=(20, 30)):
    r = rng(stream)
    lines, errors = [], []
    for _ in range(count):
        speed = r.uniform(*speeds)
        fc = float(r.choice(bands))
        amp, ts = csi_record(r, r.uniform(*durations), speed, int(r.choice(n_subs)), fc)
        got = float(walking_speed(amp, ts, fc))
        errors.append(abs(got - speed) / speed)
        lines.append(f"{got:.2f} for {speed:.2f} m/s at {fc / 1e9:.3f} GHz")
    errors = np.array(errors)
    assert (errors > 0.2).sum() <= count // 6, f"estimates off by more than 20 %: {lines}"
    assert errors.mean() <= 0.1, f"mean relative error {errors.mean():.3f}: {lines}"


def test_walking_on_5ghz_channels():
    check(1, 6, (0.5, 1.8), [5.18e9, 5.32e9, 5.5e9, 5.745e9, 5.825e9], [30, 56])


def test_walking_on_2_4ghz_channels():
    check(2, 6, (0.5, 1.8), [2.412e9, 2.437e9, 2.462e9], [30, 56])


def test_slow_and_brisk_walkers():
    r = rng(3)
    slow = csi_record(r, 25.0, 0.6, 30, 5.2e9)
    brisk = csi_record(r, 25.0, 1.6, 30, 5.2e9)
    v_slow = walking_speed(slow[0], slow[1], 5.2e9)
    v_brisk = walking_speed(brisk[0], brisk[1], 5.2e9)
    assert isinstance(v_slow, (float, np.floating))
    assert v_slow < v_brisk


@pytest.mark.parametrize("case", ["1d", "length", "order", "carrier"])
def test_invalid_input_raises(case):
    amp = np.ones((30, 100))
    ts = np.arange(100) / 500.0
    fc = 5.2e9
    if case == "1d":
        amp = np.ones(100)
    elif case == "length":
        ts = ts[:-1]
    elif case == "order":
        ts = ts[::-1].copy()
    else:
        fc = 0.0
    with pytest.raises(ValueError):
        walking_speed(amp, ts, fc)
