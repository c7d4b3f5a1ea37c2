"""Hidden tests: direction of a talker from a two-microphone array in a room, graded on the angle.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). A shoebox room is simulated
with the image-source method (walls absorbing to give the drawn reverberation time), the array is
placed somewhere inside it and a talker 0.7-2 m away at a random angle. The talker's speech is
synthetic (voiced sounds with formants, fricatives, pauses). Diffuse background noise is a sum of
plane waves from all directions (so it is coherent between the microphones at low frequencies);
some rooms have a fan or air-conditioning unit running at another position in the room. The two
microphones have a small gain mismatch, a DC offset and self-noise; the speed of sound follows the
room temperature (18-26 degC). The true angle comes from the geometry.
"""

import os

import numpy as np
import pytest
from scipy.signal import fftconvolve, resample_poly

from candidate import estimate_direction

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def fractional_impulses(length, delays, gains, taps=16):
    """Sum of band-limited impulses (windowed sinc) at fractional sample delays."""
    out = np.zeros(length + taps)
    base = np.floor(delays).astype(int)
    frac = delays - base
    k = np.arange(-taps // 2 + 1, taps // 2 + 1)
    arg = k[None, :] - frac[:, None]
    kernel = np.sinc(arg) * (0.5 + 0.5 * np.cos(np.pi * arg / (taps / 2 + 1)))
    idx = base[:, None] + k[None, :] + taps // 2
    ok = (idx >= 0) & (idx < length + taps)
    np.add.at(out, idx[ok], (gains[:, None] * kernel)[ok])
    return out[taps // 2:taps // 2 + length]


def room_impulse_responses(r, room, src, mics, fs, rt60, c, max_seconds, early_s=0.06):
    """Room impulse responses from src to each mic, as an array (n_mics, n_taps): image sources
    (Allen & Berkley) for the direct sound and the reflections of the first early_s seconds, then a
    diffuse tail (decaying noise arriving from all directions) at the level the walls imply."""
    volume = np.prod(room)
    surface = 2 * (room[0] * room[1] + room[0] * room[2] + room[1] * room[2])
    alpha = min(0.95, 0.161 * volume / (surface * rt60))
    beta = np.sqrt(1 - alpha)
    n_taps = int(max_seconds * fs)
    direct = np.linalg.norm(np.asarray(mics) - src, axis=1).min()
    reach = direct + c * early_s
    axes = []
    for d in range(3):
        n_max = int(np.ceil(reach / (2 * room[d]))) + 1
        n = np.arange(-n_max, n_max + 1)
        coords, counts = [], []
        for q in (0, 1):
            coords.append((1 - 2 * q) * src[d] + 2 * n * room[d])
            counts.append(np.abs(n - q) + np.abs(n))
        axes.append((np.concatenate(coords), np.concatenate(counts)))
    (xs, cx), (ys, cy), (zs, cz) = axes
    pos = np.stack(np.meshgrid(xs, ys, zs, indexing="ij"), axis=-1).reshape(-1, 3)
    order = (cx[:, None, None] + cy[None, :, None] + cz[None, None, :]).reshape(-1)
    rirs = []
    for m in mics:
        dist = np.linalg.norm(pos - m, axis=1)
        keep = dist < reach
        delay = dist[keep] / c * fs
        gain = beta ** order[keep] / (4 * np.pi * np.maximum(dist[keep], 0.1))
        rirs.append(fractional_impulses(n_taps, delay, gain))
    rirs = np.array(rirs)
    # diffuse tail: plane waves from random directions with exponentially decaying noise
    t0 = int(reach / c * fs)
    t = np.arange(n_taps) / fs
    decay = np.exp(-6.91 * t / rt60) * (np.arange(n_taps) >= t0)
    fade = np.clip((np.arange(n_taps) - t0) / (0.01 * fs), 0, 1)
    f = np.fft.rfftfreq(n_taps, 1 / fs)
    w0 = np.fft.rfft(r.normal(size=n_taps) * decay * fade)
    w1 = np.fft.rfft(r.normal(size=n_taps) * decay * fade)
    tail = np.fft.irfft(diffuse_mix(w0, w1, f, mics, c), n_taps)
    # energy of the reverberant field (Sabine room constant R): 1/(pi R) relative to a unit
    # impulse, of which the part after t0 remains in the tail
    room_constant = surface * alpha / (1 - alpha)
    remaining = np.exp(-13.82 * (t0 / fs - direct / c) / rt60)
    tail_energy = remaining / (np.pi * room_constant)
    tail *= np.sqrt(tail_energy / (np.sum(tail ** 2) / len(mics)))
    return rirs + tail


def smooth(r, n, fs, cutoff_hz):
    """Zero-mean, unit-RMS noise band-limited to about cutoff_hz (moving average of white)."""
    width = max(1, int(fs / cutoff_hz))
    c = np.cumsum(np.concatenate([[0.0], r.normal(size=n + width)]))
    x = c[width:width + n] - c[:n]
    return x / (x.std() + 1e-12)


def speech(r, n, fs):
    """Synthetic talker: voiced syllables (harmonics shaped by formants), fricatives, pauses."""
    x = np.zeros(n)
    pos = int(r.uniform(0.05, 0.2) * fs)
    f0_mean = r.uniform(90, 240)
    while pos < n - int(0.1 * fs):
        length = min(int(r.uniform(0.12, 0.35) * fs), n - pos)
        t = np.arange(length) / fs
        f0 = f0_mean * np.exp(0.1 * smooth(r, length, fs, 4.0) + r.uniform(-0.3, 0.3) * t)
        phase = 2 * np.pi * np.cumsum(f0) / fs
        n_h = int(min(5000, 0.45 * fs) / f0.max())
        h = np.arange(1, n_h + 1)
        formants = np.array([r.uniform(300, 800), r.uniform(900, 2300), r.uniform(2300, 3200)])
        fh = f0.mean() * h
        env = h ** -1.0
        for f_c, bw in zip(formants, (90, 120, 180)):
            env = env * f_c ** 2 / np.sqrt((f_c ** 2 - fh ** 2) ** 2 + (bw * fh) ** 2)
        seg = (env[None, :] * np.cos(h[None, :] * phase[:, None] + r.uniform(0, 6.3, n_h))).sum(1)
        seg *= np.sin(np.pi * np.arange(length) / length) ** 0.6
        x[pos:pos + length] += seg / (seg.std() + 1e-12)
        pos += length
        if r.random() < 0.35 and pos < n - int(0.1 * fs):  # a fricative
            length = min(int(r.uniform(0.05, 0.15) * fs), n - pos)
            spec = np.fft.rfft(r.normal(size=length))
            f = np.fft.rfftfreq(length, 1 / fs)
            spec *= (f > r.uniform(2500, 4000)) * (f < 7500)
            fric = np.fft.irfft(spec, length)
            x[pos:pos + length] += 0.4 * fric / (fric.std() + 1e-12) * np.hanning(length)
            pos += length
        pos += int(r.exponential(0.12) * fs) + int(0.03 * fs)
        if r.random() < 0.15:
            pos += int(r.uniform(0.3, 0.7) * fs)  # a pause between phrases
    return x


def pink(r, n, fs, low=30.0):
    spec = r.normal(size=n // 2 + 1) + 1j * r.normal(size=n // 2 + 1)
    spec /= np.sqrt(np.maximum(np.fft.rfftfreq(n, 1 / fs), low))
    x = np.fft.irfft(spec, n)
    return x / x.std()


def diffuse_mix(w0, w1, f, mics, c):
    """Two microphone spectra of a diffuse (spherically isotropic) field from two independent
    spectra: their coherence is sinc(2 f d / c), as for sound arriving from all directions."""
    gamma = np.sinc(2 * f * np.linalg.norm(mics[1] - mics[0]) / c)
    return np.stack([w0, gamma * w0 + np.sqrt(1 - gamma ** 2) * w1])


def diffuse_noise(r, n, fs, mics, c):
    """Pink diffuse room noise at both microphones (coherent at low frequencies)."""
    f = np.fft.rfftfreq(n, 1 / fs)
    shape = 1 / np.sqrt(np.maximum(f, 30.0))
    w0 = (r.normal(size=f.size) + 1j * r.normal(size=f.size)) * shape
    w1 = (r.normal(size=f.size) + 1j * r.normal(size=f.size)) * shape
    x = np.fft.irfft(diffuse_mix(w0, w1, f, mics, c), n, axis=1)
    return x / x.std()


def fan_noise(r, n, fs):
    """A fan: broadband airflow noise with a blade-pass tone and its harmonics."""
    x = pink(r, n, fs, low=80.0)
    t = np.arange(n) / fs
    bpf = r.uniform(80, 250)
    for k in range(1, 4):
        x += 0.3 / k * np.sin(2 * np.pi * k * bpf * t + r.uniform(0, 6.3))
    return x / x.std()


def make_record(r, fs_out, spacing, rt60, distance, snr_db, fan_db=None, seconds=2.5):
    """Returns (x of shape (n, 2), true angle in degrees). The room is simulated at 16 kHz and
    the microphone signals resampled to fs_out (the talker has little energy above 8 kHz)."""
    fs = 16000
    c = 331.3 + 0.606 * r.uniform(18, 26)
    while True:
        room = np.array([r.uniform(4, 8), r.uniform(3.5, 6), r.uniform(2.5, 3.2)])
        centre = np.array([r.uniform(1.0, room[0] - 1.0), r.uniform(1.0, room[1] - 1.0),
                           r.uniform(0.8, 1.6)])
        yaw = r.uniform(0, 2 * np.pi)
        axis = np.array([np.cos(yaw), np.sin(yaw), 0.0])  # from mic 0 to mic 1
        normal = np.array([-np.sin(yaw), np.cos(yaw), 0.0])
        theta = np.deg2rad(r.uniform(-60, 60))
        if r.random() < 0.5:
            normal = -normal  # source in front of or behind the array: same cone angle
        src = centre + distance * (np.cos(theta) * normal + np.sin(theta) * axis)
        src[2] = centre[2] + r.uniform(-0.3, 0.4)
        if np.all(src > 0.3) and np.all(src < room - 0.3):
            break
    mics = np.stack([centre - axis * spacing / 2, centre + axis * spacing / 2])
    u = (src - centre) / np.linalg.norm(src - centre)
    truth = float(np.degrees(np.arcsin(u @ axis)))
    n = int(seconds * fs)
    s = speech(r, n, fs)
    rir = room_impulse_responses(r, room, src, mics, fs, rt60, c, min(rt60, 0.6))
    x = np.stack([fftconvolve(s, h)[:n] for h in rir])
    level = x.std()
    x += diffuse_noise(r, n, fs, mics, c) * level * 10 ** (-snr_db / 20)
    if fan_db is not None:
        while True:
            fan_pos = np.array([r.uniform(0.3, room[0] - 0.3), r.uniform(0.3, room[1] - 0.3),
                                r.uniform(0.3, room[2] - 0.3)])
            fu = (fan_pos - centre) / np.linalg.norm(fan_pos - centre)
            if abs(np.degrees(np.arcsin(fu @ axis)) - truth) > 30 and np.linalg.norm(
                    fan_pos - centre) > 1.0:
                break
        frir = room_impulse_responses(r, room, fan_pos, mics, fs, rt60, c, min(rt60, 0.6))
        fan = fan_noise(r, n, fs)
        fx = np.stack([fftconvolve(fan, h)[:n] for h in frir])
        x += fx / fx.std() * level * 10 ** (fan_db / 20)
    if fs_out != fs:
        x = resample_poly(x, fs_out // fs, 1, axis=1)
    x *= 10 ** (r.uniform(-1.5, 1.5, size=2) / 20)[:, None]  # gain mismatch
    x += r.normal(0, level * 10 ** (-45 / 20), size=x.shape)  # self-noise
    x += r.uniform(-0.02, 0.02, size=2)[:, None] * level  # DC offset
    scale = 10 ** r.uniform(-2, -0.5) / np.abs(x).max()
    return (x.T * scale).astype(np.float32), truth


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def run_records(r, configs, tol=15.0, mean_tol=5.0):
    errors, bad = [], []
    for i, cfg in enumerate(configs):
        x, truth = make_record(r, *cfg)
        est = float(estimate_direction(x, float(cfg[0]), float(cfg[1])))
        assert np.isfinite(est), f"record {i}: estimate {est}"
        err = abs(est - truth)
        errors.append(err)
        if not err <= tol:
            excess = err / tol   # the angle error in tolerances
            bad.append((excess, f"record {i} (fs {cfg[0]}, spacing {cfg[1]:.3f} m, RT60 "
                                f"{cfg[2]:.2f} s, distance {cfg[3]:.1f} m): {est:.1f} deg, true "
                                f"{truth:.1f} deg, tolerance {tol:.0f} deg "
                                f"({excess:.1f}x tolerance)"))
    assert np.mean(errors) <= mean_tol, f"mean error {np.mean(errors):.1f} deg"
    assert_quota(bad, len(configs))


def test_quiet_room():
    r = rng(1)
    configs = [(int(r.choice([16000, 48000])), r.uniform(0.08, 0.2), r.uniform(0.2, 0.35),
                r.uniform(1.0, 2.0), r.uniform(20, 30)) for _ in range(6)]
    run_records(r, configs)


def test_reverberant_room():
    r = rng(2)
    configs = [(int(r.choice([16000, 48000])), r.uniform(0.08, 0.2), r.uniform(0.35, 0.6),
                r.uniform(1.0, 2.0), r.uniform(15, 25)) for _ in range(6)]
    run_records(r, configs)


def test_small_array_at_16_khz():
    r = rng(3)
    configs = [(16000, r.uniform(0.04, 0.06), r.uniform(0.15, 0.3), r.uniform(0.7, 1.2),
                r.uniform(20, 30)) for _ in range(6)]
    run_records(r, configs)


def test_fan_running_elsewhere_in_the_room():
    r = rng(4)
    configs = [(16000, r.uniform(0.08, 0.2), r.uniform(0.25, 0.5), r.uniform(1.0, 2.0),
                r.uniform(20, 30), r.uniform(-10, -4)) for _ in range(6)]
    run_records(r, configs)


def test_output_form():
    r = rng(5)
    x, truth = make_record(r, 16000, 0.1, 0.3, 1.5, 25)
    est = estimate_direction(x, 16000.0, 0.1)
    assert isinstance(est, (float, np.floating))
    assert -90.0 <= float(est) <= 90.0
    swapped = estimate_direction(x[:, ::-1].copy(), 16000.0, 0.1)  # mirror image
    assert abs(float(swapped) + float(est)) <= 4.0


@pytest.mark.parametrize("x, fs, spacing", [(np.zeros((1000, 3)), 16000.0, 0.1),
                                            (np.zeros(1000), 16000.0, 0.1),
                                            (np.zeros((1000, 2)), 0.0, 0.1),
                                            (np.zeros((1000, 2)), 16000.0, 0.0),
                                            (np.zeros((1000, 2)), 16000.0, -0.1)])
def test_invalid_input_raises(x, fs, spacing):
    with pytest.raises(ValueError):
        estimate_direction(x, fs, spacing)
