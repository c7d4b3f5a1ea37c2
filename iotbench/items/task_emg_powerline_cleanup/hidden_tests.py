"""Hidden tests: mains interference removed from surface EMG, graded against the true signal.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). The EMG (bursts of
contraction over amplifier noise, electrode offset and slow drift) is kept aside as the target;
the interference added to it has an off-nominal line frequency (49.5-50.5 or 59.5-60.5 Hz, as
from a generator or a weak grid) that wanders slightly, harmonics (odd ones stronger, as from
rectifier loads) up to the Nyquist frequency, and amplitudes that drift as cables move.
"""

import os

import numpy as np
import pytest
from scipy.signal import butter, sosfilt, welch

from candidate import remove_powerline

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth(r, n, fs, cutoff_hz):
    width = max(1, int(fs / cutoff_hz))
    c = np.cumsum(r.normal(size=n + width))
    x = c[width:] - c[:-width]
    return x / x.std()


def slow(r, n, fs, cutoff_hz):
    """Unit-variance smooth random signal with a Gaussian spectrum of width cutoff_hz."""
    spec = np.fft.rfft(r.normal(size=n)) * np.exp(-0.5 * (np.fft.rfftfreq(n, 1 / fs)
                                                         / cutoff_hz) ** 2)
    x = np.fft.irfft(spec, n)
    return (x - x.mean()) / x.std()


def emg_record(r, fs, seconds):
    """EMG target (µV) and a mask of the samples where the muscle contracts."""
    n = int(seconds * fs)
    t = np.arange(n) / fs
    env = np.zeros(n)
    pos = r.uniform(1.0, 3.0)
    while pos < seconds - 2.0:
        length = r.uniform(0.8, 4.0)
        a = r.uniform(20, 200)
        rise = np.clip((t - pos) / 0.05, 0, 1) * np.clip((pos + length - t) / 0.05, 0, 1)
        env += a * rise
        pos += length + r.uniform(1.0, 3.0)
    env *= np.clip(1 + 0.15 * smooth(r, n, fs, 3.0), 0.5, None)
    sos = butter(2, [r.uniform(20, 40), r.uniform(150, 300)], btype="bandpass", fs=fs,
                 output="sos")
    carrier = sosfilt(sos, r.normal(size=n))
    emg = env * carrier / carrier.std()
    front = butter(1, [3.0, min(500.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    noise = sosfilt(front, r.normal(size=n))
    noise_uv = r.uniform(1.0, 3.0)
    emg += noise_uv * noise / noise.std()
    emg += r.uniform(-300, 300) + r.uniform(5, 30) * smooth(r, n, fs, 0.3)
    return emg, env > 1.0, noise_uv


def interference(r, fs, n, family=None, level=None):
    """Mains hum with harmonics; off-nominal, slightly wandering frequency; drifting amplitude."""
    nominal = r.choice([50.0, 60.0]) if family is None else family
    f0 = nominal + r.uniform(-0.5, 0.5)
    inst = f0 + 0.01 * slow(r, n, fs, 0.05)  # the grid frequency wanders a little
    phase = 2 * np.pi * np.cumsum(inst) / fs
    a1 = r.uniform(20, 150) if level is None else level
    out = np.zeros(n)
    h = 1
    while h * f0 < 0.45 * fs and h <= 15:
        rel = 1.0 if h == 1 else (r.uniform(0.1, 0.5) / np.sqrt(h) if h % 2 else
                                  r.uniform(0.0, 0.08))
        amp = a1 * rel * np.clip(1 + 0.2 * slow(r, n, fs, 0.1), 0.3, None)
        out += amp * np.sin(h * phase + r.uniform(0, 2 * np.pi))
        h += 1
    return out


def band_power(x, fs, lo=20.0, hi=450.0):
    f, p = welch(x, fs=fs, nperseg=int(fs))
    keep = (f >= lo) & (f <= min(hi, 0.45 * fs))
    return float(p[keep].sum())


FS_CHOICES = [1000.0, 1024.0, 2000.0, 2048.0, 4000.0]


def check_contractions(r, n_records, label, family=None, hum=True):
    for i in range(n_records):
        fs = float(r.choice(FS_CHOICES))
        target, active, _ = emg_record(r, fs, r.uniform(10, 25))
        x = target + (interference(r, fs, target.size, family) if hum else 0.0)
        cleaned = np.asarray(remove_powerline(x, fs), dtype=float)
        assert cleaned.shape == target.shape, f"{label} record {i}: shape {cleaned.shape}"
        err = cleaned - target
        # during contractions the EMG is kept: band power within 5 %, little error
        p_out, p_true = band_power(cleaned[active], fs), band_power(target[active], fs)
        assert abs(p_out / p_true - 1) <= 0.05, (
            f"{label} record {i}: EMG band power changed by {100 * (p_out / p_true - 1):+.1f} %"
            f" (fs {fs:g} Hz)")
        emg_rms = np.sqrt(np.mean((target[active] - target[active].mean()) ** 2))
        err_rms = np.sqrt(np.mean(err[active] ** 2))
        assert err_rms <= 0.25 * emg_rms, (
            f"{label} record {i}: error {err_rms:.1f} µV during contractions of "
            f"{emg_rms:.1f} µV RMS (fs {fs:g} Hz)")


def test_contractions_fifty_hertz_grid():
    check_contractions(rng(1), 4, "50 Hz", family=50.0)


def test_contractions_sixty_hertz_grid():
    check_contractions(rng(2), 4, "60 Hz", family=60.0)


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def test_rest_hum_below_amplifier_noise():
    r = rng(3)
    bad = []
    for i in range(6):
        fs = float(r.choice(FS_CHOICES))
        noise_uv = r.uniform(1.0, 3.0)
        n = int(r.uniform(10, 20) * fs)
        front = butter(1, [3.0, min(500.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
        noise = sosfilt(front, r.normal(size=n))
        target = (noise_uv * noise / noise.std() + r.uniform(-300, 300)
                  + r.uniform(5, 30) * smooth(r, n, fs, 0.3))
        x = target + interference(r, fs, n)
        cleaned = np.asarray(remove_powerline(x, fs), dtype=float)
        assert cleaned.shape == target.shape, f"rest record {i}: shape {cleaned.shape}"
        assert np.all(np.isfinite(cleaned)), f"rest record {i}: non-finite output"
        err = (cleaned - target)[int(0.5 * fs):-int(0.5 * fs)]
        left = np.sqrt(np.mean(err ** 2))
        if left > noise_uv:  # excess: the hum left in multiples of the amplifier noise
            excess = left / noise_uv
            bad.append((excess, f"rest record {i}: {left:.2f} µV of hum left, amplifier noise "
                                f"{noise_uv:.2f} µV (the tolerance, {excess:.1f}x; "
                                f"fs {fs:g} Hz)"))
    assert_quota(bad, 6)


def test_clean_signal_is_kept():
    check_contractions(rng(4), 3, "no hum", hum=False)


def test_output_form():
    r = rng(5)
    target, _, _ = emg_record(r, 1000.0, 8.0)
    x = target + interference(r, 1000.0, target.size)
    out = remove_powerline(x, 1000.0)
    assert isinstance(out, np.ndarray) and out.shape == x.shape and out.dtype == np.float64
    assert np.all(np.isfinite(out))
    assert abs(np.median(out) - np.median(target)) < 20.0  # offset kept


@pytest.mark.parametrize("emg, fs", [(np.zeros((2, 5000)), 1000.0), (np.zeros(5000), 0.0),
                                     (np.zeros(5000), -1000.0)])
def test_invalid_input_raises(emg, fs):
    with pytest.raises(ValueError):
        remove_powerline(emg, fs)
