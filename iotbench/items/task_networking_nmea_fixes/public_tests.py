from candidate import parse_nmea_fixes


def test_one_epoch():
    raw = (b"$GPRMC,123519.00,A,4807.0380,N,01131.0000,E,022.4,084.4,230324,003.1,W*4F\r\n"
           b"$GPGGA,123519.00,4807.0380,N,01131.0000,E,1,08,0.9,545.4,M,46.9,M,,*69\r\n")
    fixes = parse_nmea_fixes(raw)
    assert len(fixes) == 1
    fix = fixes[0]
    assert abs(fix["time"] - 1711197319.0) < 1e-3  # 2024-03-23 12:35:19 UTC
    assert abs(fix["lat"] - (48 + 7.038 / 60)) < 1e-7
    assert abs(fix["lon"] - (11 + 31.0 / 60)) < 1e-7
    assert fix["quality"] == 1
