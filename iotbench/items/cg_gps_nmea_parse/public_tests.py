import pytest

from candidate import parse_nmea


def test_rmc_example():
    out = parse_nmea("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A")
    assert out["type"] == "RMC"
    assert out["valid"] is True
    assert out["lat"] == pytest.approx(48.1173, abs=1e-6)
    assert out["speed_mps"] == pytest.approx(22.4 * 1852 / 3600, abs=1e-6)


def test_bad_checksum():
    with pytest.raises(ValueError):
        parse_nmea("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6B")
