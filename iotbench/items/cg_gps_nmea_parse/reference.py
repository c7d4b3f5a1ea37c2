KNOT_MPS = 1852.0 / 3600.0


def _time_s(field):
    if not field:
        return None
    return int(field[0:2]) * 3600 + int(field[2:4]) * 60 + float(field[4:])


def _coord(value, hemi, positive, negative):
    """ddmm.mmmm / dddmm.mmmm + hemisphere -> signed decimal degrees."""
    if not value:
        return None
    if hemi not in (positive, negative):
        raise ValueError(f"invalid hemisphere {hemi!r}")
    degrees, minutes = divmod(float(value), 100)
    deg = degrees + minutes / 60.0
    return -deg if hemi == negative else deg


def _num(field, kind):
    return kind(field) if field else None


def parse_nmea(sentence):
    """Validate the checksum of a GGA/RMC sentence and decode its fields."""
    s = sentence.rstrip()
    if not s.startswith("$"):
        raise ValueError("sentence must start with '$'")
    star = s.rfind("*")
    if len(s) - star != 3:          # also catches a missing '*' (star == -1)
        raise ValueError("missing or malformed checksum")
    try:
        expected = int(s[star + 1:], 16)
    except ValueError:
        raise ValueError("checksum is not hexadecimal") from None
    body = s[1:star]
    checksum = 0
    for ch in body:
        checksum ^= ord(ch)
    if checksum != expected:
        raise ValueError(f"checksum mismatch: computed {checksum:02X}, sentence says {expected:02X}")

    f = body.split(",")
    address = f[0]
    if len(address) != 5:
        raise ValueError("address must be a 2-letter talker plus a 3-letter type")
    talker, kind = address[:-3], address[-3:]
    if kind == "GGA":
        if len(f) < 10:
            raise ValueError("GGA sentence has too few fields")
        return {
            "type": "GGA", "talker": talker, "time_s": _time_s(f[1]),
            "lat": _coord(f[2], f[3], "N", "S"), "lon": _coord(f[4], f[5], "E", "W"),
            "fix_quality": _num(f[6], int), "num_satellites": _num(f[7], int),
            "hdop": _num(f[8], float), "altitude_m": _num(f[9], float),
            "geoid_sep_m": _num(f[11], float) if len(f) > 11 else None,
        }
    if kind == "RMC":
        if len(f) < 10:
            raise ValueError("RMC sentence has too few fields")
        speed = _num(f[7], float)
        date = f[9]
        return {
            "type": "RMC", "talker": talker, "time_s": _time_s(f[1]), "valid": f[2] == "A",
            "lat": _coord(f[3], f[4], "N", "S"), "lon": _coord(f[5], f[6], "E", "W"),
            "speed_mps": speed * KNOT_MPS if speed is not None else None,
            "course_deg": _num(f[8], float),
            "date": (2000 + int(date[4:]), int(date[2:4]), int(date[:2])) if date else None,
        }
    raise ValueError(f"unsupported sentence type {kind!r}")
