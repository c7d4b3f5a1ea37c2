import calendar
import re

SENTENCE = re.compile(rb"\$([^$*\r\n]*)\*([0-9A-Fa-f]{2})")


def nmea_to_degrees(value, hemisphere, deg_digits):
    degrees = int(value[:deg_digits])
    minutes = float(value[deg_digits:])
    result = degrees + minutes / 60.0
    return -result if hemisphere in ("S", "W") else result


def parse_nmea_fixes(raw):
    fixes = []
    current_date = None  # (year, month, day) from the latest RMC
    for match in SENTENCE.finditer(bytes(raw)):
        body, checksum = match.group(1), int(match.group(2), 16)
        calc = 0
        for b in body:
            calc ^= b
        if calc != checksum:
            continue
        fields = body.decode("ascii", errors="replace").split(",")
        kind = fields[0][2:]
        if kind == "RMC" and len(fields) > 9 and len(fields[9]) == 6:
            d = fields[9]
            current_date = (2000 + int(d[4:6]), int(d[2:4]), int(d[0:2]))
        elif kind == "GGA" and len(fields) > 6:
            if not fields[6] or int(fields[6]) == 0 or not fields[2] or not fields[4]:
                continue
            if current_date is None:
                continue
            t = fields[1]
            seconds = int(t[0:2]) * 3600 + int(t[2:4]) * 60 + float(t[4:])
            midnight = calendar.timegm((*current_date, 0, 0, 0))
            fixes.append({
                "time": midnight + seconds,
                "lat": nmea_to_degrees(fields[2], fields[3], 2),
                "lon": nmea_to_degrees(fields[4], fields[5], 3),
                "quality": int(fields[6]),
            })
    return fixes
