"""Reference for the IMU activity-recognition item: orientation-invariant features + a classifier.

The phone's placement changes between sessions (upside down, turned about its long axis), so
per-axis waveforms of one activity differ from session to session; and the test sessions come
from people whose cadence may lie outside every training session's.  The features use only what
survives both:

1. posture: the mean acceleration is gravity; the share of it along the y axis (the thigh) is the
   cosine of the thigh's inclination, whatever the phone's turn or sign;
2. movement: the magnitudes of acceleration and angular rate, and the y acceleration, minus
   their means; their size (standard deviation, percentiles), their peakiness (crest factor:
   sharp foot strikes against smooth swings) and the shape of their spectrum (centroid, share of
   power below 3 Hz).  Fine spectral bands are left out on purpose: they learn each training
   person's cadence, and a slower jogger's bands are a training skipper's;
3. standardised features, multinomial logistic regression.
"""

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

GRAVITY = 9.81
FS_HZ = 50.0


def features(x: np.ndarray) -> np.ndarray:
    """Orientation- and cadence-robust features of windows (n, 6, time)."""
    x = np.asarray(x, dtype=np.float64)
    acc, gyro = x[:, :3], x[:, 3:]
    gravity = acc.mean(axis=2)
    norm = np.linalg.norm(gravity, axis=1) + 1e-9
    along = np.abs(gravity[:, 1]) / norm
    across = np.linalg.norm(gravity[:, [0, 2]], axis=1) / GRAVITY
    columns = [along[:, None], across[:, None]]
    window = np.hanning(x.shape[2])
    freqs = np.fft.rfftfreq(x.shape[2], 1 / FS_HZ)[1:]
    for signal in (np.linalg.norm(acc, axis=1), np.linalg.norm(gyro, axis=1), acc[:, 1]):
        moving = signal - signal.mean(axis=1, keepdims=True)
        power = np.abs(np.fft.rfft(moving * window, axis=1))[:, 1:] ** 2
        total = power.sum(axis=1) + 1e-12
        centroid = (power * freqs).sum(axis=1) / total
        low_share = power[:, freqs < 3.0].sum(axis=1) / total
        spread = moving.std(axis=1)
        crest = np.abs(moving).max(axis=1) / (spread + 1e-9)
        columns += [np.log(spread + 1e-3)[:, None],
                    np.log(np.percentile(np.abs(moving), [50, 90, 99], axis=1).T + 1e-3),
                    centroid[:, None], low_share[:, None], crest[:, None]]
    return np.hstack(columns)


def recognize(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    """Train on (X_train, y_train) and return one activity label per test window."""
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=3000))
    model.fit(features(X_train), np.asarray(y_train))
    return np.asarray(model.predict(features(X_test)))
