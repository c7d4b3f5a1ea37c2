import calendar


def _checksum_ok(line):
    if not line.startswith("$") or "*" not in line:
        return False
    body, _, given = line[1:].partition("*")
    calc = 0
    for ch in body:
        calc ^= ord(ch)
    try:
        return calc == int(given[:2], 16)
    except ValueError:
        return False


def _deg(value, hemi, n):
    v = int(value[:n]) + float(value[n:]) / 60.0
    return -v if hemi in "SW" else v


def _tod(t):
    return int(t[0:2]) * 3600 + int(t[2:4]) * 60 + float(t[4:])


def parse_nmea_fixes(raw):
    text = bytes(raw).decode("ascii", errors="ignore")
    ggas, rmcs = [], []
    for n, line in enumerate(text.splitlines()):
        line = line.strip()
        if not _checksum_ok(line):
            continue
        f = line[1:line.index("*")].split(",")
        if f[0].endswith("RMC") and len(f) > 9 and len(f[9]) == 6 and f[1]:
            d = f[9]
            day = calendar.timegm((2000 + int(d[4:]), int(d[2:4]), int(d[:2]), 0, 0, 0))
            rmcs.append((n, day, _tod(f[1])))
        elif f[0].endswith("GGA") and len(f) > 6 and f[6] not in ("", "0") and f[2] and f[4]:
            ggas.append((n, _tod(f[1]), _deg(f[2], f[3], 2), _deg(f[4], f[5], 3), int(f[6])))
    out = []
    for n, tod, lat, lon, q in ggas:
        if not rmcs:
            break
        _, day, rmc_tod = min(rmcs, key=lambda r: abs(r[0] - n))
        # the GGA belongs to the day that puts it closest to that RMC
        t = min((day + k * 86400 + tod for k in (-1, 0, 1)), key=lambda x: abs(x - day - rmc_tod))
        out.append({"time": t, "lat": lat, "lon": lon, "quality": q})
    return out
