"""Energy-based voice activity detection with hangover."""
import numpy as np

ENERGY_FLOOR = 1e-12   # added to the mean power before the logarithm


def energy_vad(signal, fs, frame_ms=20.0, hop_ms=10.0, threshold_db=-40.0, hangover_frames=5):
    """Return (speech decisions, frame energies in dB)."""
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("signal must be 1-D")
    frame_length = int(round(fs * frame_ms / 1000.0))
    hop_length = int(round(fs * hop_ms / 1000.0))
    if frame_length < 1 or hop_length < 1:
        # also rejects fs <= 0
        raise ValueError("frame and hop must be at least one sample (and fs positive)")
    if hangover_frames < 0:
        raise ValueError("hangover_frames must be non-negative")

    n_frames = max(0, 1 + (x.size - frame_length) // hop_length)
    starts = np.arange(n_frames) * hop_length
    frames = x[starts[:, np.newaxis] + np.arange(frame_length)]
    energy_db = 10.0 * np.log10(np.mean(frames ** 2, axis=1) + ENERGY_FLOOR)

    raw = energy_db > threshold_db
    speech = raw.copy()
    # extend every raw speech frame forwards by `hangover_frames` frames
    # (slices are simply empty once the shift exceeds the number of frames)
    for shift in range(1, hangover_frames + 1):
        speech[shift:] |= raw[:-shift]
    return speech, energy_db
