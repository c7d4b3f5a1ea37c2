"""Derived performance figures of an FMCW chirp configuration."""

SPEED_OF_LIGHT = 3.0e8


def fmcw_parameters(bandwidth, chirp_duration, sample_rate, num_chirps, chirp_period,
                    carrier_freq=77e9, complex_if=True):
    """Return slope, wavelength, range/velocity resolution and maxima as a dict of floats."""
    for value in (bandwidth, chirp_duration, sample_rate, num_chirps, chirp_period, carrier_freq):
        if value <= 0:
            raise ValueError("all numeric parameters must be positive")
    if chirp_period < chirp_duration:
        raise ValueError("chirp_period cannot be shorter than chirp_duration")

    slope = bandwidth / chirp_duration
    wavelength = SPEED_OF_LIGHT / carrier_freq
    # highest representable beat frequency: fs for I/Q sampling, fs/2 for real sampling
    max_beat = sample_rate if complex_if else sample_rate / 2.0
    return {
        "slope": float(slope),
        "wavelength": float(wavelength),
        "range_resolution": float(SPEED_OF_LIGHT / (2.0 * bandwidth)),
        "max_range": float(SPEED_OF_LIGHT * max_beat / (2.0 * slope)),
        "velocity_resolution": float(wavelength / (2.0 * num_chirps * chirp_period)),
        "max_velocity": float(wavelength / (4.0 * chirp_period)),
    }
