"""Direction of a talker from two microphones in a reverberant room.

Precedence effect: at the onset of each sound only the direct path has arrived, while later in
the sound the reflections and the reverberant tail (from every direction) take over. So only
time-frequency bins whose power rises clearly above what that bin held just before (an onset)
vote, weighted by how sharp the rise is, with the phase transform (unit magnitude, phase difference only), and only where the bin is
well above the stationary noise floor (a fan or air conditioner produces no onsets). The votes
are summed into a steered response evaluated directly on a fine grid of angles, so there is no
integer-lag quantisation. Frequencies below 200 Hz are left out (room modes, coherent noise)."""
import numpy as np

SPEED_OF_SOUND = 344.0  # m/s at about 21 degC
RISE_LO, RISE_HI = 0.6, 1.2  # onset strength: 6 dB (weight 0) to 12 dB (weight 1) above the
                             # bin's recent maximum, in log10 power units
DECAY_PER_S = 4.0            # how fast the recent maximum forgets (log10 units per second)


def estimate_direction(x, fs, spacing_m):
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("x must have shape (n, 2)")
    if not fs > 0:
        raise ValueError("fs must be positive")
    if not spacing_m > 0:
        raise ValueError("spacing_m must be positive")
    x = x - x.mean(axis=0)
    n_fft = 1 << int(np.round(np.log2(0.032 * fs)))
    hop = n_fft // 4
    if x.shape[0] < n_fft + hop:
        x = np.vstack([x, np.zeros((n_fft + hop - x.shape[0], 2))])
    starts = np.arange(0, x.shape[0] - n_fft + 1, hop)
    frames = x[starts[:, None] + np.arange(n_fft)[None, :], :] * np.hanning(n_fft)[None, :, None]
    spec = np.fft.rfft(frames, axis=1)
    f = np.fft.rfftfreq(n_fft, 1 / fs)
    band = (f >= 200) & (f <= min(7000.0, 0.45 * fs))
    s0, s1 = spec[:, band, 0], spec[:, band, 1]
    logp = np.log10(0.5 * (np.abs(s0) ** 2 + np.abs(s1) ** 2) + 1e-30)
    floor = np.percentile(logp, 20, axis=0)
    recent = np.empty_like(logp)
    recent[0] = logp[0]
    step = DECAY_PER_S * hop / fs
    for i in range(1, len(logp)):
        recent[i] = np.maximum(recent[i - 1] - step, logp[i - 1])
    loud = logp - floor[None, :] > 1.0
    weight = np.clip((logp - recent - RISE_LO) / (RISE_HI - RISE_LO), 0.0, 1.0) * loud
    if weight.sum() < 5:  # hardly any onsets (a steady sound): all loud bins vote
        weight = loud.astype(float)
    cross = s0 * np.conj(s1)
    votes = (cross / (np.abs(cross) + 1e-30) * weight).sum(axis=0)
    angles = np.arange(-90.0, 90.01, 0.25)
    delays = spacing_m * np.sin(np.deg2rad(angles)) / SPEED_OF_SOUND
    # x0 lags x1 by the delay when the talker is on microphone 1's side
    steer = np.exp(2j * np.pi * f[band][None, :] * delays[:, None])
    return float(angles[int(np.argmax(np.real(steer @ votes)))])
