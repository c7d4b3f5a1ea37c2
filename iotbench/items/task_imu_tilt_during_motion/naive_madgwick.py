import numpy as np


def estimate_tilt(acc, gyro, fs):
    """Madgwick IMU filter (gradient-descent correction towards the accelerometer)."""
    acc = np.asarray(acc, dtype=float)
    gyro = np.asarray(gyro, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyro.shape != acc.shape:
        raise ValueError("acc and gyro must have shape (n, 3)")
    if fs <= 0:
        raise ValueError("fs must be positive")
    n = len(acc)
    dt = 1.0 / fs
    beta = 0.1
    out = np.zeros((n, 2))
    if n == 0:
        return out
    # initialise from the first accelerometer sample
    ax, ay, az = acc[0] / np.linalg.norm(acc[0])
    p0, r0 = np.arcsin(-ax), np.arctan2(ay, az)
    cp, sp, cr, sr = np.cos(p0 / 2), np.sin(p0 / 2), np.cos(r0 / 2), np.sin(r0 / 2)
    q0, q1, q2, q3 = cp * cr, cp * sr, sp * cr, -sp * sr
    w = np.radians(gyro)
    for k in range(n):
        gx, gy, gz = w[k]
        ax, ay, az = acc[k]
        qd0 = 0.5 * (-q1 * gx - q2 * gy - q3 * gz)
        qd1 = 0.5 * (q0 * gx + q2 * gz - q3 * gy)
        qd2 = 0.5 * (q0 * gy - q1 * gz + q3 * gx)
        qd3 = 0.5 * (q0 * gz + q1 * gy - q2 * gx)
        norm = np.sqrt(ax * ax + ay * ay + az * az)
        if norm > 0:
            ax, ay, az = ax / norm, ay / norm, az / norm
            f1 = 2 * (q1 * q3 - q0 * q2) - ax
            f2 = 2 * (q0 * q1 + q2 * q3) - ay
            f3 = 2 * (0.5 - q1 * q1 - q2 * q2) - az
            s0 = -2 * q2 * f1 + 2 * q1 * f2
            s1 = 2 * q3 * f1 + 2 * q0 * f2 - 4 * q1 * f3
            s2 = -2 * q0 * f1 + 2 * q3 * f2 - 4 * q2 * f3
            s3 = 2 * q1 * f1 + 2 * q2 * f2
            sn = np.sqrt(s0 * s0 + s1 * s1 + s2 * s2 + s3 * s3)
            if sn > 0:
                qd0 -= beta * s0 / sn
                qd1 -= beta * s1 / sn
                qd2 -= beta * s2 / sn
                qd3 -= beta * s3 / sn
        q0 += qd0 * dt
        q1 += qd1 * dt
        q2 += qd2 * dt
        q3 += qd3 * dt
        qn = np.sqrt(q0 * q0 + q1 * q1 + q2 * q2 + q3 * q3)
        q0, q1, q2, q3 = q0 / qn, q1 / qn, q2 / qn, q3 / qn
        pitch = np.degrees(np.arcsin(np.clip(-2 * (q1 * q3 - q0 * q2), -1, 1)))
        roll = np.degrees(np.arctan2(2 * (q0 * q1 + q2 * q3), 1 - 2 * (q1 * q1 + q2 * q2)))
        out[k] = pitch, roll
    return out
