import numpy as np
from scipy.signal import butter, sosfiltfilt


def count_repetitions(emg, fs):
    emg = np.asarray(emg, dtype=float)
    if emg.ndim != 2:
        raise ValueError("emg must be (samples, channels)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    if emg.shape[0] < 10 * fs:
        return 0
    x = sosfiltfilt(butter(2, 20.0, btype="highpass", fs=fs, output="sos"), emg, axis=0)
    win = max(1, int(0.15 * fs))
    kernel = np.ones(win) / win
    # each channel normalised by its own spread, then averaged
    env = np.column_stack([np.sqrt(np.convolve(x[:, c] ** 2, kernel, mode="same"))
                           for c in range(x.shape[1])])
    env = env / (np.median(env, axis=0) + 1e-12)
    activity = env.mean(axis=1)
    # bursts above a two-level (hysteresis) threshold between rest and activity
    low, high = np.percentile(activity, 20), np.percentile(activity, 95)
    on, off = low + 0.3 * (high - low), low + 0.15 * (high - low)
    bursts, active, start = [], False, 0
    for i, v in enumerate(activity):
        if not active and v > on:
            active, start = True, i
        elif active and v < off:
            active = False
            bursts.append((start, i))
    # repetitions: bursts of at least 0.3 s that belong to a run of >= 4 bursts less than
    # 6 s apart (isolated gestures are not repetitions)
    bursts = [b for b in bursts if b[1] - b[0] >= 0.3 * fs]
    count, run = 0, []
    for b in bursts:
        if run and b[0] - run[-1][1] > 6 * fs:
            count += len(run) if len(run) >= 4 else 0
            run = []
        run.append(b)
    count += len(run) if len(run) >= 4 else 0
    return int(count)
