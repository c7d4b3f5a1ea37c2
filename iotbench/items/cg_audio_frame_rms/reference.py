"""Short-time RMS energy of an audio signal."""
import numpy as np

DB_FLOOR = 1e-10   # RMS floor before taking the logarithm (-200 dBFS)


def frame_rms(signal, frame_length=2048, hop_length=512, to_db=False):
    """RMS of every complete frame, optionally in dBFS."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("signal must be 1-D")
    if frame_length < 1 or hop_length < 1:
        raise ValueError("frame_length and hop_length must be at least 1")
    # no frame at all when the signal is shorter than one frame
    n_frames = max(0, 1 + (x.size - frame_length) // hop_length)
    starts = np.arange(n_frames) * hop_length
    frames = x[starts[:, np.newaxis] + np.arange(frame_length)]
    rms = np.sqrt(np.mean(frames ** 2, axis=1))
    if to_db:
        return 20.0 * np.log10(np.maximum(rms, DB_FLOOR))
    return rms
