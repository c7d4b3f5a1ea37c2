"""Byte-wise state machine plus time unwrapping: a sentence starts at every '$' (abandoning any
unfinished one), ends two hex digits after '*', and is kept if its checksum matches. The times
of day of all valid sentences, in log order, are unwrapped into one continuous time line
(a step back of more than half a day is a new day); the line is anchored to calendar time with
the date of an RMC sentence, then each GGA fix takes its place on it. Because the XOR checksum
cannot see two equal characters lost together, every field used is checked character by
character against its fixed NMEA layout (digits where digits belong, the decimal point where it
belongs) before it is believed."""
import datetime


def _sentences(raw):
    body, state, hexdigits = None, "idle", ""
    for b in raw:
        c = chr(b)
        if c == "$":
            body, state = [], "body"
        elif state == "body":
            if c == "*":
                state, hexdigits = "sum", ""
            elif 32 <= b < 127:
                body.append(c)
            else:
                state = "idle"
        elif state == "sum":
            if c in "0123456789abcdefABCDEF":
                hexdigits += c
                if len(hexdigits) == 2:
                    text = "".join(body)
                    x = 0
                    for ch in text:
                        x ^= ord(ch)
                    if x == int(hexdigits, 16):
                        yield text
                    state = "idle"
            else:
                state = "idle"


def _layout_ok(s, whole):
    """`whole` digits, then optionally '.' and at least one digit."""
    head, dot, tail = s.partition(".")
    return (len(head) == whole and head.isdigit()
            and (not dot or (tail.isdigit() and tail.isascii())) and head.isascii())


def _seconds_of_day(s):
    if not _layout_ok(s, 6):
        return None
    h, m, sec = int(s[:2]), int(s[2:4]), float(s[4:])
    return h * 3600 + m * 60 + sec if h < 24 and m < 60 and sec < 61 else None


def _coord(value, hemi, degree_digits):
    if not _layout_ok(value, degree_digits + 2):
        return None
    minutes = float(value[degree_digits:])
    if minutes >= 60:
        return None
    v = int(value[:degree_digits]) + minutes / 60
    return {"N": v, "E": v, "S": -v, "W": -v}.get(hemi)


def parse_nmea_fixes(raw):
    timeline = 0.0
    last_tod = None
    anchor = None  # unwrapped time line minus POSIX time, from an RMC
    fixes = []
    for text in _sentences(bytes(raw)):
        f = text.split(",")
        if len(f[0]) != 5 or f[0][2:] not in ("GGA", "RMC") or len(f) < 10:
            continue
        tod = _seconds_of_day(f[1])
        if tod is None:
            continue
        if last_tod is not None:
            step = (tod - last_tod) % 86400
            timeline += step - 86400 if step > 43200 else step
        last_tod = tod
        if f[0][2:] == "RMC":
            d = f[9]
            if anchor is None and _layout_ok(d, 6):
                midnight = datetime.datetime(2000 + int(d[4:]), int(d[2:4]), int(d[:2]),
                                             tzinfo=datetime.timezone.utc).timestamp()
                anchor = midnight + tod - timeline
        else:
            if not f[6].isdigit() or int(f[6]) < 1:
                continue
            lat, lon = _coord(f[2], f[3], 2), _coord(f[4], f[5], 3)
            if lat is not None and lon is not None:
                fixes.append([timeline, lat, lon, int(f[6])])
    if anchor is None:
        return []
    return [{"time": anchor + t, "lat": lat, "lon": lon, "quality": q}
            for t, lat, lon, q in fixes]
