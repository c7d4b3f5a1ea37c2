import numpy as np

from candidate import reassemble_fifo


def _word(tag, cnt, payload):
    return bytes([(tag << 3) | (cnt << 1)]) + payload


def test_two_slots_with_a_timestamp():
    ts = _word(0x04, 0, (1000).to_bytes(4, "little") + bytes(2))
    gyr = _word(0x01, 0, np.array([100, 0, -100], "<i2").tobytes())
    acc0 = _word(0x02, 0, np.array([0, 0, 16393], "<i2").tobytes())
    acc1 = _word(0x02, 1, np.array([0, 0, 16393], "<i2").tobytes())
    out = reassemble_fifo(ts + gyr + acc0 + acc1, odr_hz=104.0, gyro_odr_hz=52.0,
                          acc_mg_per_lsb=0.061, gyro_mdps_per_lsb=8.75)
    assert np.asarray(out["acc"]).shape == (2, 3) and np.asarray(out["gyr"]).shape == (1, 3)
    assert abs(out["acc_t"][0]) < 5e-4 and abs(out["gyr_t"][0]) < 5e-4
    assert abs(out["acc_t"][1] - 1 / 104) < 5e-4
    assert np.allclose(out["acc"][0], [0, 0, 16393 * 0.061e-3 * 9.80665])
    assert np.allclose(out["gyr"][0], np.radians([0.875, 0, -0.875]))
