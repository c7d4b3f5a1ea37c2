"""Reference for the WiFi CSI activity-recognition item: Doppler features + logistic regression.

CSI amplitudes mix the room's static multipath with the reflections of the moving body; the
activity lives in how fast the reflections' path lengths change (the Doppler frequency) over
time, not in the raw waveform.  Pipeline:

1. a 5-point median filter replaces impulsive outliers (packet errors);
2. a 4th-order Butterworth high-pass at 1.5 Hz (zero phase) removes the static multipath and
   AGC gain steps; channels are scaled to unit variance;
3. PCA across the 90 channels: the 3 strongest components carry the body motion with the
   subcarrier-specific phases folded in, and their STFT power (0.32 s Hann windows, 80 ms hop)
   summed is the Doppler-time map;
4. the map is aligned at the activity's onset (5 % of its energy), pooled into 6 time blocks and
   log-compressed; with the overall Doppler profile and the activity's length it forms the
   features (time-shift invariant, and independent of the session's gains);
5. standardised features, multinomial logistic regression.
"""

import numpy as np
from scipy.signal import butter, medfilt, sosfiltfilt, stft
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

FS = 100.0
COMPONENTS, BLOCKS, FRAMES_PER_BLOCK = 3, 6, 4


def doppler_maps(x: np.ndarray) -> np.ndarray:
    """(n, freq, frames) Doppler power of recordings (n, channels, time)."""
    x = np.asarray(x, dtype=np.float64)
    smooth = medfilt(x, kernel_size=(1, 1, 5))
    deviation = np.abs(x - smooth)
    scale = np.median(deviation, axis=2, keepdims=True) + 1e-6
    x = np.where(deviation > 6 * scale, smooth, x)
    sos = butter(4, 1.5, btype="highpass", fs=FS, output="sos")
    h = sosfiltfilt(sos, x, axis=2)
    h /= h.std(axis=2, keepdims=True) + 1e-6
    _, vectors = np.linalg.eigh(np.einsum("nct,ndt->ncd", h, h))
    components = np.einsum("ncm,nct->nmt", vectors[:, :, ::-1][:, :, :COMPONENTS], h)
    _, _, spectra = stft(components, fs=FS, nperseg=32, noverlap=24, boundary=None,
                         padded=False, axis=-1)
    return (np.abs(spectra) ** 2).sum(axis=1)


def features(x: np.ndarray) -> np.ndarray:
    """Onset-aligned, block-pooled log Doppler power plus profile and length, per recording."""
    power = doppler_maps(x)
    power /= power.sum(axis=(1, 2), keepdims=True) + 1e-12
    span = BLOCKS * FRAMES_PER_BLOCK
    rows = []
    for p in power:
        cum = np.cumsum(p.sum(axis=0))
        onset = int(np.searchsorted(cum, 0.05))
        window = p[:, onset:onset + span]
        window = np.pad(window, ((0, 0), (0, span - window.shape[1])))
        blocks = window.reshape(p.shape[0], BLOCKS, FRAMES_PER_BLOCK).sum(axis=2)
        length = (int(np.argmax(cum > 0.95)) - onset) / 10.0
        rows.append(np.concatenate([np.log(blocks + 1e-3).ravel(),
                                    np.log(p.sum(axis=1) + 1e-3), [length]]))
    return np.asarray(rows)


def recognize(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    """Train on (X_train, y_train) and return one activity label per test recording."""
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=3000))
    model.fit(features(X_train), np.asarray(y_train))
    return np.asarray(model.predict(features(X_test)))
