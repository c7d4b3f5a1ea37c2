"""NMEA 0183 fix extraction from a raw serial log: sentences are found wherever they are in the
byte stream ($ ... *hh, the last $ before each checksum), verified by their XOR checksum, and
dispatched on the sentence type whatever the talker ID. GGA gives the fix; its time of day is
dated with the nearest RMC sentence in the log, choosing the day that puts the two within
half a day of each other (so a GGA logged just after midnight, before that epoch's RMC, gets
the new date, and fixes before the first RMC are dated too).

The XOR checksum misses an even number of equal errors - a UART overrun that drops two equal
adjacent characters leaves it unchanged - so the fields are also checked against their NMEA
0183 formats (hhmmss.ss, ddmm.mm, dddmm.mm, ddmmyy, fixed field counts) before use."""
import calendar
import re

_SENTENCE = re.compile(rb"\$([^$*\r\n]*)\*([0-9A-Fa-f]{2})")
_TIME = re.compile(r"(\d\d)(\d\d)(\d\d(?:\.\d+)?)")
_LAT = re.compile(r"(\d\d)(\d\d(?:\.\d+)?)")
_LON = re.compile(r"(\d\d\d)(\d\d(?:\.\d+)?)")
_DATE = re.compile(r"\d{6}")


def _tod(field):
    """hhmmss[.sss] -> seconds of the day, or None."""
    m = _TIME.fullmatch(field)
    if not m or int(m[1]) > 23 or int(m[2]) > 59 or float(m[3]) >= 61:
        return None
    return int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3])


def _angle(field, hemi, pattern, limit):
    m = pattern.fullmatch(field)
    if not m or hemi not in ("N", "S", "E", "W") or float(m[2]) >= 60:
        return None
    value = int(m[1]) + float(m[2]) / 60.0
    if value > limit:
        return None
    return -value if hemi in ("S", "W") else value


def parse_nmea_fixes(raw):
    raw = bytes(raw)
    ggas, rmcs = [], []  # (stream position, ...)
    for m in _SENTENCE.finditer(raw):
        body = m.group(1)
        checksum = 0
        for b in body:
            checksum ^= b
        if checksum != int(m.group(2), 16):
            continue
        try:
            fields = body.decode("ascii").split(",")
        except UnicodeDecodeError:
            continue
        kind = fields[0][-3:] if len(fields[0]) == 5 else ""
        if kind == "GGA" and len(fields) >= 15:
            tod = _tod(fields[1])
            if not fields[6].isdigit():
                continue
            quality = int(fields[6])
            lat = _angle(fields[2], fields[3], _LAT, 90.0)
            lon = _angle(fields[4], fields[5], _LON, 180.0)
            if quality >= 1 and tod is not None and lat is not None and lon is not None:
                ggas.append((m.start(), tod, lat, lon, quality))
        elif kind == "RMC" and len(fields) >= 12:
            tod, date = _tod(fields[1]), fields[9]
            if tod is not None and _DATE.fullmatch(date):
                day = calendar.timegm((2000 + int(date[4:6]), int(date[2:4]), int(date[0:2]),
                                       0, 0, 0)) // 86400
                rmcs.append((m.start(), day * 86400 + tod, day))
    if not rmcs:
        return []
    fixes = []
    j = 0
    for pos, tod, lat, lon, quality in ggas:
        while j + 1 < len(rmcs) and abs(rmcs[j + 1][0] - pos) <= abs(rmcs[j][0] - pos):
            j += 1
        _, rmc_time, rmc_day = rmcs[j]
        candidates = [(rmc_day + d) * 86400 + tod for d in (-1, 0, 1)]
        best = min(candidates, key=lambda t: abs(t - rmc_time))
        fixes.append({"time": float(best), "lat": lat, "lon": lon, "quality": quality})
    return fixes
