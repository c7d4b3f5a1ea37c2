from functools import reduce

import pytest
from hypothesis import given, settings, strategies as st

from candidate import parse_nmea


def nmea(body, lower=False):
    cs = reduce(lambda a, c: a ^ ord(c), body, 0)
    return f"${body}*{cs:02x}" if lower else f"${body}*{cs:02X}"


def test_classic_gga_example():
    out = parse_nmea("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47")
    assert out["type"] == "GGA" and out["talker"] == "GP"
    assert out["time_s"] == pytest.approx(12 * 3600 + 35 * 60 + 19, abs=1e-9)
    assert out["lat"] == pytest.approx(48 + 7.038 / 60, abs=1e-9)
    assert out["lon"] == pytest.approx(11 + 31.0 / 60, abs=1e-9)
    assert out["fix_quality"] == 1 and isinstance(out["fix_quality"], int)
    assert out["num_satellites"] == 8 and isinstance(out["num_satellites"], int)
    assert out["hdop"] == pytest.approx(0.9)
    assert out["altitude_m"] == pytest.approx(545.4)
    assert out["geoid_sep_m"] == pytest.approx(46.9)


def test_gga_southern_western_with_crlf_and_fractional_time():
    s = nmea("GNGGA,235959.75,3356.1234,S,15112.5000,W,2,12,0.65,-12.5,M,-3.2,M,1.0,0000") + "\r\n"
    out = parse_nmea(s)
    assert out["talker"] == "GN"
    assert out["time_s"] == pytest.approx(86399.75, abs=1e-9)
    assert out["lat"] == pytest.approx(-(33 + 56.1234 / 60), abs=1e-9)
    assert out["lon"] == pytest.approx(-(151 + 12.5 / 60), abs=1e-9)
    assert out["fix_quality"] == 2 and out["num_satellites"] == 12
    assert out["altitude_m"] == pytest.approx(-12.5)
    assert out["geoid_sep_m"] == pytest.approx(-3.2)


def test_gga_without_fix_has_none_fields():
    out = parse_nmea(nmea("GPGGA,000102,,,,,0,00,,,M,,M,,"))
    assert out["time_s"] == pytest.approx(62.0)
    assert out["lat"] is None and out["lon"] is None
    assert out["fix_quality"] == 0 and out["num_satellites"] == 0
    assert out["hdop"] is None and out["altitude_m"] is None and out["geoid_sep_m"] is None
    out = parse_nmea(nmea("GPGGA,,,,,,,,,"))
    assert out["time_s"] is None and out["fix_quality"] is None
    assert out["num_satellites"] is None


def test_gga_short_but_complete_enough():
    out = parse_nmea(nmea("GPGGA,101010,0100.000,N,00200.000,E,1,05,1.2,10.0"))
    assert out["altitude_m"] == pytest.approx(10.0)
    assert out["geoid_sep_m"] is None
    out = parse_nmea(nmea("GPGGA,101010,0100.000,N,00200.000,E,1,05,1.2,10.0,M"))
    assert out["geoid_sep_m"] is None
    out = parse_nmea(nmea("GPGGA,101010,0100.000,N,00200.000,E,1,05,1.2,10.0,M,33.3"))
    assert out["geoid_sep_m"] == pytest.approx(33.3)
    assert out["lat"] == pytest.approx(1.0) and out["lon"] == pytest.approx(2.0)


def test_rmc():
    out = parse_nmea(nmea("GPRMC,081836.50,A,3751.6500,S,14507.3600,E,10.0,360.0,130998,011.3,E,A"))
    assert out["type"] == "RMC" and out["talker"] == "GP"
    assert out["time_s"] == pytest.approx(8 * 3600 + 18 * 60 + 36.5)
    assert out["valid"] is True
    assert out["lat"] == pytest.approx(-(37 + 51.65 / 60), abs=1e-9)
    assert out["lon"] == pytest.approx(145 + 7.36 / 60, abs=1e-9)
    assert out["speed_mps"] == pytest.approx(10.0 * 1852 / 3600, abs=1e-9)
    assert out["course_deg"] == pytest.approx(360.0)
    assert tuple(out["date"]) == (2098, 9, 13)


def test_rmc_void_and_empty_fields():
    out = parse_nmea(nmea("GNRMC,120000,V,,,,,,,010125,,,N"))
    assert out["valid"] is False
    assert out["lat"] is None and out["lon"] is None
    assert out["speed_mps"] is None and out["course_deg"] is None
    assert tuple(out["date"]) == (2025, 1, 1)
    out = parse_nmea(nmea("GPRMC,120000,X,4000.0,N,00000.0,W,0.0,,"))
    assert out["valid"] is False
    assert out["date"] is None
    assert out["lon"] == 0.0 and out["lat"] == pytest.approx(40.0)


def test_lowercase_checksum_accepted():
    out = parse_nmea(nmea("GPRMC,010203,A,5130.0000,N,00007.5000,W,1.5,90.0,311224,,", lower=True))
    assert out["lon"] == pytest.approx(-0.125, abs=1e-9)
    assert out["lat"] == pytest.approx(51.5, abs=1e-9)
    assert tuple(out["date"]) == (2024, 12, 31)


GOOD = "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"


@pytest.mark.parametrize("sentence", [
    nmea(GOOD)[1:],                                    # no '$'
    "!" + nmea(GOOD)[1:],                              # wrong start character
    "$" + GOOD + "*047",                               # three hex digits, same value
    "$" + GOOD,                                        # no checksum
    "$" + GOOD + "*4",                                 # one hex digit
    "$" + GOOD + "*470",                               # three hex digits
    "$" + GOOD + "*ZZ",                                # not hex
    nmea(GOOD)[:-2] + "00",                            # wrong checksum
    nmea(GOOD.replace("545.4", "545.5"))[:-3] + nmea(GOOD)[-3:],   # corrupted payload
    nmea("GPGSV,1,1,00"),                              # unsupported type
    nmea("GPGGAX,123519,4807.038,N,01131.000,E,1,08,0.9,545.4"),   # bad address
    nmea("GGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4"),      # bad address
    nmea("XGPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4"),   # bad address
    nmea("GPRMCX,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394"),  # bad address
    nmea("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9"),          # too few fields
    nmea("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4"),     # too few fields
    nmea("GPGGA,123519,4807.038,X,01131.000,E,1,08,0.9,545.4"),    # bad hemisphere
    nmea("GPRMC,123519,A,4807.038,N,01131.000,,022.4,084.4,230394"),  # missing hemisphere
])
def test_invalid_sentences_raise(sentence):
    with pytest.raises(ValueError):
        parse_nmea(sentence)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 89), st.floats(0, 59.9999), st.sampled_from("NS"),
       st.integers(0, 179), st.floats(0, 59.9999), st.sampled_from("EW"),
       st.floats(0, 200), st.integers(1, 28), st.integers(1, 12), st.integers(0, 99))
def test_rmc_round_trip(lat_d, lat_m, ns, lon_d, lon_m, ew, knots, day, month, yy):
    body = (f"GPRMC,102030.00,A,{lat_d:02d}{lat_m:07.4f},{ns},{lon_d:03d}{lon_m:07.4f},{ew},"
            f"{knots:.2f},12.5,{day:02d}{month:02d}{yy:02d},,,A")
    out = parse_nmea(nmea(body))
    lat = lat_d + float(f"{lat_m:07.4f}") / 60
    lon = lon_d + float(f"{lon_m:07.4f}") / 60
    assert out["lat"] == pytest.approx(lat if ns == "N" else -lat, abs=1e-9)
    assert out["lon"] == pytest.approx(lon if ew == "E" else -lon, abs=1e-9)
    assert out["speed_mps"] == pytest.approx(float(f"{knots:.2f}") * 1852 / 3600, abs=1e-9)
    assert tuple(out["date"]) == (2000 + yy, month, day)
    assert out["time_s"] == pytest.approx(37230.0)
