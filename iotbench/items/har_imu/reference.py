"""Reference for the IMU activity-recognition item: orientation-invariant features + a classifier.

The phone's placement changes between sessions (upside down, turned about its long axis), so
per-axis waveforms of one activity differ from session to session.  The features use only what
survives those changes:

1. posture: the mean acceleration is gravity; the share of it along the y axis (the thigh) is the
   cosine of the thigh's inclination, whatever the phone's turn or sign;
2. movement: the magnitudes of acceleration and angular rate, and the y acceleration, minus
   their means; their log spectra (0.25-10 Hz, in 0.5 Hz bands: cadence and impact harmonics),
   their standard deviation and percentiles of their size;
3. standardised features, multinomial logistic regression.
"""

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

GRAVITY = 9.81


def features(x: np.ndarray) -> np.ndarray:
    """Orientation-invariant features of windows (n, 6, time)."""
    x = np.asarray(x, dtype=np.float64)
    acc, gyro = x[:, :3], x[:, 3:]
    gravity = acc.mean(axis=2)
    norm = np.linalg.norm(gravity, axis=1) + 1e-9
    along = np.abs(gravity[:, 1]) / norm
    across = np.linalg.norm(gravity[:, [0, 2]], axis=1) / GRAVITY
    columns = [along[:, None], across[:, None]]
    window = np.hanning(x.shape[2])
    for signal in (np.linalg.norm(acc, axis=1), np.linalg.norm(gyro, axis=1), acc[:, 1]):
        moving = signal - signal.mean(axis=1, keepdims=True)
        spectrum = np.abs(np.fft.rfft(moving * window, axis=1))[:, 1:41]
        bands = spectrum.reshape(len(x), -1, 2).sum(axis=2)
        columns += [np.log(bands + 1e-3), np.log(moving.std(axis=1, keepdims=True) + 1e-3),
                    np.log(np.percentile(np.abs(moving), [50, 90, 99], axis=1).T + 1e-3)]
    return np.hstack(columns)


def recognize(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    """Train on (X_train, y_train) and return one activity label per test window."""
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=3000))
    model.fit(features(X_train), np.asarray(y_train))
    return np.asarray(model.predict(features(X_test)))
