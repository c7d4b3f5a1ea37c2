"""Single-modality solution for the multimodal item: the reference pipeline on radar alone.

Kept to show what one modality can do: radar narrows the activity down to a group, so this
program is the yardstick that fusion has to beat. The pipeline it is cut from:

Each modality only narrows the activity down to a group (what is heard, the posture, how fast
the body moves), so the reference combines them, and it copes with a missing modality:

1. audio: log band energies (32 bands of 62.5 Hz from 256-sample frames) relative to their mean,
   which is independent of the recording level; the modulation spectrum of the frame energy
   (syllables, knocks), spectral flatness (noise vs tones), crest of the envelope, and how much
   each band varies over time;
2. depth: holes (0) are filled from the other frames and the frames' median is taken; subtracting
   each row's median depth leaves what stands out of the floor and back wall; its row and column
   occupancy, its distance, and its height scaled by distance (the posture) are the features;
3. radar: log Doppler power relative to the recording's median (independent of the gain), folded
   over +/- velocity, plus the mean, spread and periodicity of the Doppler spread over time;
4. one logistic regression per modality gives class log-probabilities; they are summed over the
   modalities present in a sample (an all-zero modality is missing and skipped; missing training
   samples are left out of that modality's model).
"""

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

MODALITIES = ("radar",)


def audio_features(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64).reshape(len(a), -1)
    frames = np.lib.stride_tricks.sliding_window_view(a, 256, axis=1)[:, ::128]
    power = np.abs(np.fft.rfft(frames * np.hanning(256), axis=2)) ** 2
    bands = np.log(power[:, :, 1:129].reshape(len(a), power.shape[1], 32, 4).sum(3) + 1e-8)
    spectrum = bands.mean(axis=1)
    spectrum -= spectrum.mean(axis=1, keepdims=True)
    envelope = np.log(power.sum(axis=2) + 1e-8)
    envelope -= envelope.mean(axis=1, keepdims=True)
    modulation = np.abs(np.fft.rfft(envelope, axis=1))[:, 1:12]
    voiced = power[:, :, 5:100] + 1e-10
    flatness = (np.exp(np.log(voiced).mean(2)) / voiced.mean(2)).mean(1, keepdims=True)
    crest = (envelope.max(1) - np.median(envelope, 1))[:, None]
    return np.hstack([spectrum, modulation, flatness, crest, bands.std(axis=1)])


def depth_features(d: np.ndarray) -> np.ndarray:
    d = np.asarray(d, dtype=np.float64)
    n = len(d)
    filled = np.where(d > 0, d, d.max(axis=1, keepdims=True))
    still = np.median(filled, axis=1)
    standout = still - np.median(still, axis=2, keepdims=True) < -0.25
    rows, cols = standout.mean(axis=2), np.sort(standout.mean(axis=1), axis=1)
    count = standout.sum(axis=(1, 2))
    distance = np.where(count > 0, (still * standout).sum(axis=(1, 2)) / np.maximum(count, 1), 0)
    occupied = standout.sum(axis=2) > 1
    top = np.argmax(occupied, axis=1)
    bottom = d.shape[2] - 1 - np.argmax(occupied[:, ::-1], axis=1)
    motion = d.std(axis=1).mean(axis=(1, 2))
    return np.hstack([rows, cols, distance[:, None], ((bottom - top) * distance)[:, None],
                      (top * distance)[:, None], motion[:, None]]).reshape(n, -1)


def radar_features(r: np.ndarray) -> np.ndarray:
    r = np.asarray(r, dtype=np.float64)
    half = r.shape[2] // 2
    log_power = np.log(r + 1e-6)
    log_power -= np.median(log_power, axis=(1, 2), keepdims=True)
    profile = log_power.mean(axis=1)
    folded = profile[:, :half][:, ::-1] + profile[:, half:2 * half]
    share = r / (r.sum(axis=2, keepdims=True) + 1e-9)
    spread = (share * np.abs(np.arange(r.shape[2]) - half)).sum(axis=2)
    rhythm = np.abs(np.fft.rfft(spread - spread.mean(1, keepdims=True), axis=1))[:, 1:8]
    return np.hstack([folded, spread.mean(1, keepdims=True), spread.std(1, keepdims=True),
                      np.log(rhythm + 1e-6)])


FEATURES = {"audio": audio_features, "depth": depth_features, "radar": radar_features}


def _missing(x: np.ndarray) -> np.ndarray:
    return np.abs(np.asarray(x)).reshape(len(x), -1).max(axis=1) == 0


def recognize(X_train: dict, y_train: np.ndarray, X_test: dict) -> np.ndarray:
    """Train on (X_train, y_train) and return one activity label per test sample."""
    y_train = np.asarray(y_train)
    classes = np.unique(y_train)
    n_test = len(X_test[MODALITIES[0]])
    total = np.zeros((n_test, len(classes)))
    for name in MODALITIES:
        present = ~_missing(X_train[name])
        train = FEATURES[name](X_train[name])[present]
        model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=3000))
        model.fit(train, y_train[present])
        log_p = np.log(model.predict_proba(FEATURES[name](X_test[name])) + 1e-9)
        log_p[_missing(X_test[name])] = 0.0
        total[:, np.searchsorted(classes, model.classes_)] += log_p
    return classes[np.argmax(total, axis=1)]
