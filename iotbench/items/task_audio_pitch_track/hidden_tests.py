"""Hidden tests: a pitch track graded on the outcome, on seeded, realistic voiced audio.

Every record is drawn from the run's data seed (IOTBENCH_DATA_SEED). Voiced sounds are built as
a harmonic series whose fundamental glides, drifts and (for instruments) has vibrato, with a
source tilt shaped by moving formant resonances, a little jitter and shimmer; between them come
fricatives, breaths and pauses filled with room noise. Some records pass through a telephone
channel (300-3400 Hz), which removes the fundamental of most voices; some instruments are played
through a small loudspeaker that cannot reproduce their fundamental. The microphone gain varies
by 30 dB between records. The true f0 and voicing at every 10 ms come out of the generator.
"""

import os

import numpy as np
import pytest

from candidate import track_pitch

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))
EDGE_S = 0.03  # frames this close to a voicing boundary are not scored


def rng(stream):
    return np.random.default_rng([SEED, stream])


def smooth(r, n, fs, cutoff_hz):
    """Zero-mean, unit-RMS noise band-limited to about cutoff_hz (moving average of white)."""
    width = max(1, int(fs / cutoff_hz))
    c = np.cumsum(np.concatenate([[0.0], r.normal(size=n + width)]))
    x = c[width:width + n] - c[:n]
    return x / (x.std() + 1e-12)


def resonance(f, centre, bandwidth):
    """Magnitude of a two-pole resonance with unit gain at 0 Hz."""
    return centre ** 2 / np.sqrt((centre ** 2 - f ** 2) ** 2 + (bandwidth * f) ** 2)


def butter_mag(f, low, high, order=4):
    """Analogue band-pass magnitude (a channel or a loudspeaker)."""
    f = np.maximum(f, 1e-6)
    hp = 1 / np.sqrt(1 + (low / f) ** (2 * order)) if low else 1.0
    lp = 1 / np.sqrt(1 + (f / high) ** (2 * order)) if high else 1.0
    return hp * lp


VOWELS = [(730, 1090, 2440), (270, 2290, 3010), (300, 870, 2240), (530, 1840, 2480),
          (660, 1720, 2410), (490, 1350, 1690), (570, 840, 2410), (440, 1020, 2240)]


def harmonic_sound(r, n, fs, f0_base, kind, channel):
    """One voiced event of n samples. Returns (signal, true f0 per sample)."""
    t = np.arange(n) / fs
    dur = n / fs
    glide = r.uniform(-0.45, 0.45) * (t - dur / 2)
    drift = 0.012 * smooth(r, n, fs, 3.0)
    log_f0 = np.log(f0_base) + glide + drift
    if kind == "instrument":
        rate, depth = r.uniform(4.5, 6.5), r.uniform(0.004, 0.012)
        log_f0 += depth * np.sin(2 * np.pi * rate * t + r.uniform(0, 6.3)) * np.minimum(1, t / 0.2)
    f0 = np.exp(log_f0)
    jitter = 0.003 * smooth(r, n, fs, 60.0)
    phase = 2 * np.pi * np.cumsum(f0 * (1 + jitter)) / fs
    top = min(0.45 * fs, 5000.0)
    n_harm = int(top / f0.min())
    h = np.arange(1, n_harm + 1)
    if kind == "voice":
        v0, v1 = VOWELS[r.integers(len(VOWELS))], VOWELS[r.integers(len(VOWELS))]
        mix = np.clip(t / dur + 0.1 * smooth(r, n, fs, 4.0), 0, 1)[:, None]
        formants = (1 - mix) * np.array(v0) + mix * np.array(v1)  # (n, 3)
        formants *= r.uniform(0.9, 1.15) * (1.15 if f0_base > 180 else 1.0)
        tilt = r.uniform(0.8, 1.4)
        fh = f0[:, None] * h[None, :]
        gain = h[None, :] ** -tilt * 1.0
        for j, bw in enumerate((r.uniform(60, 120), r.uniform(80, 160), r.uniform(120, 220))):
            gain = gain * resonance(fh, formants[:, j:j + 1], bw)
    else:  # an instrument: a bright spectrum with an uneven body response
        fh = f0[:, None] * h[None, :]
        body = np.exp(r.normal(0, 0.5, size=n_harm))
        gain = (h[None, :] ** -r.uniform(0.6, 1.1)) * body[None, :]
        gain = gain * resonance(fh, r.uniform(400, 1500), r.uniform(200, 600))
    low, high = channel
    gain = gain * butter_mag(fh, low, high) * (fh < 0.47 * fs)
    shimmer = 1 + 0.05 * smooth(r, n, fs, 20.0)
    offsets = r.uniform(0, 6.3, size=n_harm)
    arg = (h[None, :] * phase[:, None] + offsets).astype(np.float32)
    x = (gain.astype(np.float32) * np.cos(arg)).sum(1, dtype=np.float64)
    ramp = np.minimum(1, np.minimum(t, dur - t) / 0.02)
    x *= ramp * shimmer
    return x / (np.sqrt(np.mean(x ** 2)) + 1e-12), f0


def shaped_noise(r, n, fs, low, high):
    spec = np.fft.rfft(r.normal(size=n))
    f = np.fft.rfftfreq(n, 1 / fs)
    spec *= butter_mag(f, low, min(high, 0.45 * fs) if high else None, order=3)
    x = np.fft.irfft(spec, n)
    return x / (x.std() + 1e-12)


def make_record(r, fs, kind, f0_range, channel, snr_db, noise="room", hum_db=None, seconds=3.0):
    """A recording: voiced events separated by fricatives, breaths or pauses in background noise
    ("room": pink; "car": road and engine rumble), optionally with mains hum hum_db re the voice.
    Returns (x, truth) with truth[k] = f0 at time k*10 ms, 0 for unvoiced, nan if unscored."""
    n_total = int(seconds * fs)
    x = np.zeros(n_total)
    f0_true = np.zeros(n_total)
    voiced = np.zeros(n_total, bool)
    pos = int(r.uniform(0.1, 0.3) * fs)
    f0_centre = np.exp(r.uniform(*np.log(f0_range)))
    while True:
        length = int(r.uniform(0.18, 0.5 if kind == "voice" else 0.8) * fs)
        if pos + length > n_total - int(0.05 * fs):
            break
        f0_base = np.clip(f0_centre * np.exp(r.normal(0, 0.15)), *f0_range)
        if kind == "instrument":
            f0_base = np.exp(r.uniform(*np.log(f0_range)))
        sound, f0 = harmonic_sound(r, length, fs, f0_base, kind, channel)
        x[pos:pos + length] += sound * r.uniform(0.5, 1.0)
        f0_true[pos:pos + length] = f0
        voiced[pos:pos + length] = True
        pos += length
        gap = int(r.uniform(0.08, 0.35) * fs)
        if pos + gap > n_total:
            break
        kind_gap = r.choice(["fricative", "breath", "pause"])
        if kind_gap == "fricative" and kind == "voice":
            lo = r.uniform(2500, 4000) if fs > 8000 else r.uniform(1500, 2500)
            g = shaped_noise(r, gap, fs, lo, 7000)
            env = np.sin(np.pi * np.arange(gap) / gap) ** 0.5
            x[pos:pos + gap] += g * env * r.uniform(0.15, 0.5)
        elif kind_gap == "breath":
            g = shaped_noise(r, gap, fs, 300, 3000)
            x[pos:pos + gap] += g * np.sin(np.pi * np.arange(gap) / gap) * r.uniform(0.05, 0.15)
        pos += gap
    # background noise at the given SNR (relative to the voiced parts)
    level = np.sqrt(np.mean(x[voiced] ** 2))
    spec = r.normal(size=n_total // 2 + 1) + 1j * r.normal(size=n_total // 2 + 1)
    f = np.fft.rfftfreq(n_total, 1 / fs)
    if noise == "car":  # rumble: falls steeply above a few tens of Hz
        spec /= np.maximum(f, 25.0) ** 1.1
    else:  # room: pink above 40 Hz
        spec /= np.sqrt(np.maximum(f, 40.0))
    bg = np.fft.irfft(spec, n_total)
    x = x + bg / bg.std() * level * 10 ** (-snr_db / 20)
    if hum_db is not None:  # ground-loop hum and rectifier buzz at the mains frequency
        mains = float(r.choice([50.0, 60.0])) * r.uniform(0.998, 1.002)
        t = np.arange(n_total) / fs
        k = np.arange(1, 9)
        amps = r.uniform(0.3, 1.0, size=8) / k ** 0.5
        buzz = (amps[None, :] * np.cos(2 * np.pi * mains * k[None, :] * t[:, None]
                                       + r.uniform(0, 6.3, size=8))).sum(1)
        x = x + buzz / buzz.std() * level * 10 ** (hum_db / 20)
    low, high = channel
    if low:  # the channel also shapes the noise
        x = np.fft.irfft(np.fft.rfft(x) * butter_mag(np.fft.rfftfreq(n_total, 1 / fs), low, high),
                         n_total)
    x = x * 10 ** r.uniform(-2.0, -0.5) / np.abs(x).max()
    # truth at frame times k*10 ms
    hop = fs // 100
    n_frames = n_total // hop
    idx = np.arange(n_frames) * hop
    truth = np.where(voiced[idx], f0_true[idx], 0.0)
    edge = int(EDGE_S * fs)
    change = np.flatnonzero(np.diff(voiced.astype(int)) != 0)
    near = np.zeros(n_frames, bool)
    for c in change:
        near |= np.abs(idx - c) <= edge
    truth[near] = np.nan
    return x.astype(np.float32), truth


def score(est, truth):
    est = np.asarray(est, dtype=float)
    v = np.isfinite(truth) & (truth > 0)
    u = np.isfinite(truth) & (truth == 0)
    good = np.abs(est[v] - truth[v]) <= 0.02 * truth[v]
    false_voiced = est[u] > 0
    return good.mean(), false_voiced.mean()


def assert_quota(bad, count):
    """At most one record per test out of tolerance, by at most twice it (docs/task_items.md,
    "Record quota")."""
    worst = max((excess for excess, _ in bad), default=0.0)
    assert len(bad) <= 1 and worst <= 2.0, (
        f"{len(bad)} of {count} records out of tolerance (1 allowed, within 2x):\n"
        + "\n".join(message for _, message in bad))


def run_records(r, cases, min_good=0.85, max_false=0.1):
    """Problems (excess, message), one per record out of tolerance. Tests of 5 or more records
    allow one of them (assert_quota); the 4-record tests allow none. Excess is the larger of the
    voiced frames' shortfall in units of the allowed slack, (1 - good) / (1 - min_good), and the
    false-voicing share in units of its limit, false_voiced / max_false."""
    bad = []
    for i, (fs, kind, f0_range, channel, snr, *extra) in enumerate(cases):
        x, truth = make_record(r, fs, kind, f0_range, channel, snr, *extra)
        est = np.asarray(track_pitch(x, float(fs)), dtype=float)
        assert est.shape == truth.shape, f"record {i}: {est.shape} values, expected {truth.shape}"
        good, false_voiced = score(est, truth)
        problems = []
        if not good >= min_good:
            problems.append(f"only {good:.1%} of voiced frames within 2 % "
                            f"(at least {min_good:.0%} needed)")
        if not false_voiced <= max_false:
            problems.append(f"{false_voiced:.1%} of unvoiced frames given a pitch "
                            f"(at most {max_false:.0%} allowed)")
        if problems:
            excess = max((1 - good) / (1 - min_good), false_voiced / max_false)
            bad.append((excess, f"record {i} ({kind}, fs {fs}, f0 {f0_range}, channel {channel}, "
                                f"SNR {snr:.0f} dB): " + "; ".join(problems)
                        + f" ({excess:.1f}x tolerance)"))
    return bad


def test_wideband_voices():
    r = rng(1)
    cases = []
    for speaker in [(75, 130), (90, 150), (165, 260), (200, 330), (250, 420), (80, 140)]:
        cases.append((int(r.choice([8000, 16000])), "voice", speaker, (60, None),
                      r.uniform(15, 30)))
    assert_quota(run_records(r, cases), len(cases))


def test_telephone_channel_removes_the_fundamental():
    r = rng(2)
    cases = []
    for speaker in [(70, 120), (85, 140), (100, 170), (150, 240), (75, 130), (110, 190)]:
        cases.append((8000, "voice", speaker, (300, 3400), r.uniform(15, 30)))
    assert_quota(run_records(r, cases), len(cases))


def test_instrument_notes_some_on_a_small_loudspeaker():
    r = rng(3)
    cases = []
    for k in range(6):
        channel = (r.uniform(350, 500), None) if k % 2 else (40, None)
        cases.append((int(r.choice([16000, 24000])), "instrument", (70, 480), channel,
                      r.uniform(15, 30)))
    assert_quota(run_records(r, cases), len(cases))


def test_noisy_voices():
    r = rng(4)
    cases = []
    for speaker in [(80, 140), (180, 300), (95, 160), (220, 380)]:
        cases.append((16000, "voice", speaker, (60, None), r.uniform(10, 14)))
    bad = run_records(r, cases, min_good=0.8, max_false=0.15)
    assert not bad, "\n".join(message for _, message in bad)


def test_mains_hum_is_not_voice():
    r = rng(7)
    cases = []
    for speaker in [(80, 140), (170, 280), (95, 160), (220, 380)]:
        cases.append((int(r.choice([8000, 16000])), "voice", speaker, (60, None),
                      r.uniform(25, 35), "room", r.uniform(-22, -14)))
    bad = run_records(r, cases)
    assert not bad, "\n".join(message for _, message in bad)


def test_voices_in_a_car():
    r = rng(8)
    cases = []
    for speaker in [(80, 140), (170, 280), (95, 160), (220, 380)]:
        cases.append((16000, "voice", speaker, (60, None), r.uniform(2, 8), "car"))
    bad = run_records(r, cases, min_good=0.8, max_false=0.15)
    assert not bad, "\n".join(message for _, message in bad)


def test_silence_and_noise_only_are_unvoiced():
    r = rng(5)
    for fs in (8000, 16000):
        n = 2 * fs
        x = shaped_noise(r, n, fs, 50, None) * 10 ** r.uniform(-3, -1.5)
        est = np.asarray(track_pitch(x.astype(np.float32), float(fs)), dtype=float)
        assert est.shape == (n // (fs // 100),)
        assert np.mean(est > 0) <= 0.05, f"{np.mean(est > 0):.0%} of noise frames given a pitch"


def test_output_form():
    r = rng(6)
    x, truth = make_record(r, 16000, "voice", (100, 200), (60, None), 25)
    est = track_pitch(x, 16000.0)
    assert isinstance(est, np.ndarray) and est.ndim == 1 and est.shape == truth.shape
    assert np.issubdtype(est.dtype, np.floating)
    assert np.all(np.isfinite(est)) and np.all(est >= 0)
    short = track_pitch(x[:1000], 16000.0)  # 62.5 ms: six frames
    assert np.asarray(short).shape == (6,)


@pytest.mark.parametrize("x, fs", [(np.zeros((100, 2)), 16000.0), (np.zeros(1600), 0.0),
                                   (np.zeros(1600), -8000.0)])
def test_invalid_input_raises(x, fs):
    with pytest.raises(ValueError):
        track_pitch(x, fs)
