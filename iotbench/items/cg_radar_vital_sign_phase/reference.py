"""Phase-based breathing extraction from one radar range bin."""
import numpy as np
from scipy.signal import detrend


def extract_breathing(samples, frame_rate, wavelength, min_bpm=6.0, max_bpm=30.0):
    """Return (detrended displacement in metres, breathing rate in breaths/min)."""
    x = np.asarray(samples, dtype=np.complex128)
    if x.ndim != 1 or x.size < 2:
        raise ValueError("samples must be 1-D with at least two frames")
    if wavelength <= 0:
        raise ValueError("wavelength must be positive")
    if min_bpm <= 0 or min_bpm >= max_bpm:
        raise ValueError("need 0 < min_bpm < max_bpm")
    if max_bpm / 60.0 > frame_rate / 2.0:
        # also rejects frame_rate <= 0
        raise ValueError("the breathing band exceeds the Nyquist frequency")

    phase = np.unwrap(np.angle(x))
    # round trip: a displacement d changes the path by 2d, i.e. the phase by 4*pi*d/wavelength
    displacement = detrend(wavelength * phase / (4.0 * np.pi), type="linear")

    n_fft = 1 << int(np.ceil(np.log2(8 * x.size)))
    # the magnitude spectrum has the same arg-max as the power spectrum |FFT|^2
    magnitude = np.abs(np.fft.rfft(displacement, n=n_fft))
    freqs = np.arange(magnitude.size) * frame_rate / n_fft
    band = np.flatnonzero((freqs >= min_bpm / 60.0) & (freqs <= max_bpm / 60.0))
    # np.argmax raises ValueError when no bin falls inside the band
    best = band[np.argmax(magnitude[band])]
    return displacement, float(60.0 * freqs[best])
