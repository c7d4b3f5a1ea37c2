"""PVC burden from a single-lead Holter excerpt.

1. Baseline removed by median filters (they keep the shape of wide complexes), muscle noise
   low-passed.
2. Beats in two passes: steep complexes by slope energy (a QRS detector tuned on normal beats),
   then complexes it missed: deflections as large as a QRS that are far enough from their
   neighbours not to be T waves. Wide ventricular complexes have little slope energy, and
   where they are small in this lead a slope detector alone misses them.
3. Movement artefact: stretches where the ECG between complexes is not quiet are set aside,
   beats and all (they can be neither found nor classified reliably).
4. Morphology: every QRS (on the signal's slope, so a neighbouring T wave matters little) is
   aligned to the dominant beat by cross-correlation; beats of the same shape and size are
   normally conducted, whatever their timing (premature supraventricular beats, and the wide
   QRS of bundle branch block, are not ventricular). The other beats are ventricular when they
   form clusters of one shape (a ventricular focus repeats its complex); complexes like no
   other are artefacts and are not counted.
5. Burden = ventricular beats / classified beats, in percent."""
import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import butter, find_peaks, sosfiltfilt


def pvc_burden(ecg, fs):
    x = np.asarray(ecg, dtype=float)
    if x.ndim != 1:
        raise ValueError("ecg must be 1-D")
    if not fs > 0:
        raise ValueError("fs must be positive")
    fs = float(fs)
    if x.size < 60 * fs:
        raise ValueError("recording shorter than 60 s")
    # work at 125-250 Hz: plenty for QRS morphology, and fast
    q = int(fs // 125)
    if q > 1:
        x = sosfiltfilt(butter(4, 0.4 * fs / q, btype="low", fs=fs, output="sos"), x)[::q]
        fs = fs / q
    # baseline by median filters (keeps the shape of wide complexes), muscle noise low-passed
    step = max(1, int(fs // 50))
    coarse = x[: x.size // step * step].reshape(-1, step).mean(axis=1)
    rate = fs / step
    base = median_filter(median_filter(coarse, int(0.25 * rate) | 1, mode="nearest"),
                         int(0.7 * rate) | 1, mode="nearest")
    base = np.interp(np.arange(x.size), (np.arange(base.size) + 0.5) * step, base)
    y = sosfiltfilt(butter(3, min(30.0, 0.4 * fs), btype="low", fs=fs, output="sos"), x - base)
    k = max(1, int(0.08 * fs))
    # pass 1: steep complexes (normal beats and most ventricular beats) by slope energy
    band = sosfiltfilt(butter(2, [5, min(25.0, 0.4 * fs)], btype="bandpass", fs=fs,
                              output="sos"), y)
    slope = np.convolve(np.gradient(band) ** 2, np.ones(k) / k, mode="same")
    p1, props = find_peaks(slope, distance=int(0.3 * fs), height=0.25 * np.percentile(slope, 99))
    typical = np.median(props["peak_heights"])
    p1 = p1[props["peak_heights"] > 0.2 * typical]
    # the deflection envelope: wide, slow complexes have as much of it as narrow ones
    env = np.convolve(np.abs(y), np.ones(k) / k, mode="same")
    env_qrs = np.median(env[p1])
    # pass 2: complexes the slope detector missed (small, slow ventricular beats): deflections
    # as large as a QRS's, far enough from the neighbouring beats not to be their T waves
    cand, _ = find_peaks(env, distance=int(0.25 * fs), height=0.35 * env_qrs)
    beats = sorted(p1)
    for c in cand[np.argsort(-env[cand])]:      # the largest deflections first
        i = np.searchsorted(beats, c)
        prev = beats[i - 1] if i > 0 else -y.size
        nxt = beats[i] if i < len(beats) else 2 * y.size
        if c - prev >= 0.36 * fs and nxt - c >= 0.3 * fs:
            beats.insert(i, c)
    beats = np.array(sorted(beats))
    # noisy stretches (movement): the signal between complexes is not quiet there; beats in
    # them can be neither classified nor trusted, so they leave numerator and denominator.
    # Two views of each 1.5 s neighbourhood: the lower quartile of |y| (the isoelectric line
    # fills more than a quarter of a clean ECG, even with frequent wide ectopic beats) and the
    # level outside the complexes and their T waves (quiet in a clean ECG, also in a couplet).
    w = int(0.5 * fs)
    nb = y.size // w
    mag = y[: nb * w].reshape(nb, w)
    three = np.concatenate([mag, np.roll(mag, 1, axis=0), np.roll(mag, -1, axis=0)], axis=1)
    low = np.percentile(np.abs(three - np.median(three, axis=1, keepdims=True)), 25, axis=1)
    outside = np.ones(y.size, bool)
    for bt in beats:
        outside[max(0, bt - int(0.08 * fs)):bt + int(0.35 * fs)] = False
    out3 = np.where(outside[: nb * w].reshape(nb, w), mag, np.nan)
    out3 = np.concatenate([out3, np.roll(out3, 1, axis=0), np.roll(out3, -1, axis=0)], axis=1)
    count = np.sum(~np.isnan(out3), axis=1)
    enough = count >= int(0.15 * fs)
    level = np.full(nb, np.inf)
    centre = np.nanmedian(out3[enough], axis=1, keepdims=True)
    level[enough] = np.nanmedian(np.abs(out3[enough] - centre), axis=1)
    amp_qrs = np.median(np.abs(y[p1]))
    limit_low = 5 * np.median(low) + 0.08 * amp_qrs
    limit_out = 5 * np.median(level[enough]) + 0.08 * amp_qrs
    # where beats leave too little ECG outside them to judge (dense ectopy, fast rates), the
    # lower quartile alone decides, with a higher bar
    sparse = ~enough & (low > 1.5 * limit_low)
    noisy_block = (low > limit_low) & (((level > limit_out) & enough) | sparse)
    noisy_block = noisy_block | np.r_[False, noisy_block[:-1]] | np.r_[noisy_block[1:], False]
    margin = int(0.2 * fs)
    beats = beats[(beats > margin + int(0.1 * fs)) & (beats < y.size - margin - int(0.15 * fs))]
    beats = beats[~noisy_block[np.minimum(beats // w, nb - 1)]]
    # morphology: each beat's QRS is aligned to the dominant beat by cross-correlation and
    # compared in shape and size
    pre, post = int(0.08 * fs), int(0.1 * fs)
    lags = np.arange(-int(0.025 * fs), int(0.025 * fs) + 1)
    idx = beats[:, None] + np.arange(-pre, post)[None, :]
    dy = np.gradient(y)
    template = np.median(dy[idx], axis=0)
    for _ in range(3):
        tpl = (template - template.mean()) / (template.std() + 1e-12)
        segs = dy[beats[:, None, None] + lags[None, :, None] + np.arange(-pre, post)[None, None, :]]
        z = (segs - segs.mean(axis=2, keepdims=True)) / (segs.std(axis=2, keepdims=True) + 1e-12)
        score = z @ tpl / tpl.size
        best = np.argmax(score, axis=1)
        corr = score[np.arange(beats.size), best]
        aligned = segs[np.arange(beats.size), best]
        good = corr > 0.9
        if good.sum() >= 10:
            template = np.median(aligned[good], axis=0)
    t0 = template - template.mean()
    a0 = aligned - aligned.mean(axis=1, keepdims=True)
    scale = a0 @ t0 / (t0 @ t0)
    normal = (corr >= 0.8) & (scale >= 0.5)
    # the other beats: a ventricular focus makes the same complex every time, so ventricular
    # beats form clusters of similar shape; complexes like no other are artefacts
    z = (aligned - aligned.mean(axis=1, keepdims=True))
    z = z / (np.linalg.norm(z, axis=1, keepdims=True) + 1e-12)
    rest = np.flatnonzero(~normal)
    ventricular = np.zeros(beats.size, bool)
    unknown = np.zeros(beats.size, bool)
    if rest.size:
        zr = z[rest]
        # similarity allowing a small shift: best over lags of the aligned derivative windows
        sim = zr @ zr.T
        for lag in range(1, max(2, int(0.02 * fs)) + 1):
            shifted = np.roll(zr, lag, axis=1)
            sim = np.maximum(sim, zr @ shifted.T)
            sim = np.maximum(sim, shifted @ zr.T)
        left = np.ones(rest.size, bool)
        while left.any():
            members = (sim > 0.8) & left[None, :]
            sizes = members.sum(axis=1) * left
            c = int(np.argmax(sizes))
            if sizes[c] < 3:
                break
            grp = members[c]
            ventricular[rest[grp]] = True
            left &= ~grp
        unknown[rest[left]] = True
    known = ~unknown
    return float(100.0 * ventricular.sum() / max(1, known.sum()))
