"""The v1 reference: robust extraction ($ ... *hh, the last $ before each checksum), XOR checksum,
any talker, nearest-RMC dating - but it trusts any sentence whose checksum matches and parses
its fields leniently. GGA gives the fix; its time of day is
dated with the nearest RMC sentence in the log, choosing the day that puts the two within
half a day of each other (so a GGA logged just after midnight, before that epoch's RMC, gets
the new date, and fixes before the first RMC are dated too)."""
import calendar
import re

_SENTENCE = re.compile(rb"\$([^$*\r\n]*)\*([0-9A-Fa-f]{2})")


def _tod(field):
    """hhmmss[.sss] -> seconds of the day, or None."""
    if len(field) < 6:
        return None
    try:
        return int(field[0:2]) * 3600 + int(field[2:4]) * 60 + float(field[4:])
    except ValueError:
        return None


def _angle(field, hemi, width):
    if not field or hemi not in ("N", "S", "E", "W"):
        return None
    try:
        value = int(field[:width]) + float(field[width:]) / 60.0
    except ValueError:
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
        if kind == "GGA" and len(fields) >= 8:
            tod = _tod(fields[1])
            try:
                quality = int(fields[6])
            except ValueError:
                continue
            lat = _angle(fields[2], fields[3], 2)
            lon = _angle(fields[4], fields[5], 3)
            if quality >= 1 and tod is not None and lat is not None and lon is not None:
                ggas.append((m.start(), tod, lat, lon, quality))
        elif kind == "RMC" and len(fields) >= 10:
            tod, date = _tod(fields[1]), fields[9]
            if tod is not None and len(date) == 6 and date.isdigit():
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
