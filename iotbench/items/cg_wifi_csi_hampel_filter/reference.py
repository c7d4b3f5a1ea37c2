"""Hampel outlier removal for CSI amplitude streams (per subcarrier, along time)."""
import numpy as np

# Scale factor that turns the median absolute deviation into a standard-deviation estimate
# for Gaussian data.
MAD_SCALE = 1.4826


def hampel_filter(amplitude, half_window=3, n_sigmas=3.0):
    """Replace samples that deviate from their window median by more than n_sigmas robust sigmas.

    Returns (filtered, outliers) with the shape of `amplitude`.
    """
    x = np.asarray(amplitude, dtype=np.float64)
    if x.size == 0 or x.ndim not in (1, 2):
        raise ValueError("amplitude must be a non-empty 1-D or 2-D array")
    if half_window < 1:
        raise ValueError("half_window must be at least 1")
    if n_sigmas < 0:
        raise ValueError("n_sigmas must be non-negative")

    data = x                                  # time along axis 0 (1-D or 2-D)
    n_time = data.shape[0]
    filtered = data.copy()
    outliers = np.zeros(data.shape, dtype=bool)
    for t in range(n_time):
        # Window clipped at both ends of the recording (edge windows are shorter).
        lo = max(0, t - half_window)
        hi = min(n_time, t + half_window + 1)
        window = data[lo:hi]
        median = np.median(window, axis=0)
        mad = np.median(np.abs(window - median), axis=0)
        is_outlier = np.abs(data[t] - median) > n_sigmas * MAD_SCALE * mad
        outliers[t] = is_outlier
        filtered[t] = np.where(is_outlier, median, data[t])
    return filtered, outliers
