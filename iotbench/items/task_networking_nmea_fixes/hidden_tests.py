"""Hidden tests: GNSS fixes recovered from a raw NMEA 0183 serial log.

Each log is simulated from the run's data seed (IOTBENCH_DATA_SEED): a receiver moving anywhere
on Earth outputs one epoch of sentences per fix interval (1, 5 or 10 Hz): RMC, VTG, GGA, GSA,
GSV, GLL and proprietary sentences, with the talker IDs real single- and multi-constellation
receivers use (GP, GN, GL, GA, GB), in the order of one of two receiver families (RMC before
GGA or GGA before RMC). Logs start with a cold-start period without a fix, may lose the fix in a
tunnel, and some cross midnight UTC (including new year and leap days). The serial link
flips bytes, cuts sentences short, injects noise bytes and loses line endings, and UART
overruns drop bytes - sometimes two equal adjacent characters inside a time, coordinate or date
field, which the XOR checksum cannot see but which leave the field in the wrong format. Ground
truth is every GGA sentence that arrives undamaged with a fix.
"""

import calendar
import os
import time
from functools import reduce

import numpy as np
import pytest

from candidate import parse_nmea_fixes

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def sentence(body):
    checksum = reduce(lambda a, c: a ^ ord(c), body, 0)
    return f"${body}*{checksum:02X}"


def fmt_time(cs, decimals):
    """Time of day in hundredths of a second -> hhmmss[.ss]."""
    cs %= 8640000
    h, rem = divmod(cs, 360000)
    m, rem = divmod(rem, 6000)
    s = rem / 100
    if decimals == 0:
        return f"{h:02d}{m:02d}{int(s):02d}"
    return f"{h:02d}{m:02d}{s:0{3 + decimals}.{decimals}f}"


def fmt_angle(value, is_lat, decimals):
    """Signed degrees -> (ddmm.mmmm field, hemisphere, the value the field really encodes)."""
    hemi = ("N" if value >= 0 else "S") if is_lat else ("E" if value >= 0 else "W")
    a = abs(value)
    deg = int(a)
    minutes = round((a - deg) * 60, decimals)
    if minutes >= 60:
        deg, minutes = deg + 1, 0.0
    width = 2 if is_lat else 3
    field = f"{deg:0{width}d}{minutes:0{3 + decimals}.{decimals}f}"
    encoded = (deg + minutes / 60) * (1 if hemi in "NE" else -1)
    return field, hemi, encoded


def make_log(r, epochs, rate_hz, start_posix, gga_first, midnight_clean=None, corrupt=1.0,
             cold_epochs=None, tunnel_ok=True):
    """Returns (raw bytes, list of true fixes)."""
    talker_gga, talker_rmc = [("GP", "GP"), ("GN", "GN"), ("GP", "GN"), ("GN", "GN"),
                              ("GB", "GB"), ("GA", "GA"), ("GL", "GN")][r.integers(0, 7)]
    time_dec = 0 if rate_hz == 1 and r.random() < 0.3 else int(r.choice([2, 3]))
    ang_dec = int(r.choice([4, 5]))
    lat0, lon0 = r.uniform(-70, 70), r.uniform(-180, 180)
    heading = r.uniform(0, 2 * np.pi)
    speed = r.uniform(0, 30)
    step_cs = 100 // rate_hz
    t0_cs = int(round(start_posix * 100))
    t0_cs -= t0_cs % step_cs
    no_fix_until = int(r.integers(3, 15)) if cold_epochs is None else cold_epochs
    tunnel = sorted(r.integers(0, epochs, size=2)) if r.random() < 0.5 and tunnel_ok else (0, 0)
    lines, truth = [], []
    lat, lon = lat0, lon0
    for k in range(epochs):
        cs = t0_cs + k * step_cs
        posix = cs / 100
        tm = time.gmtime(cs // 100)
        date = f"{tm.tm_mday:02d}{tm.tm_mon:02d}{tm.tm_year % 100:02d}"
        hms = fmt_time(cs % 8640000, time_dec)
        heading += r.normal(0, 0.05)
        d = speed / rate_hz
        lat += d * np.cos(heading) / 111320.0
        lat = float(np.clip(lat, -80, 80))
        lon += d * np.sin(heading) / (111320.0 * np.cos(np.radians(lat)))
        lon = (lon + 180) % 360 - 180
        has_fix = k >= no_fix_until and not (tunnel[0] <= k < tunnel[1])
        quality = int(r.choice([1, 1, 1, 2, 2, 4, 5])) if has_fix else 0
        sats = int(r.integers(5, 24)) if has_fix else int(r.integers(0, 4))
        if has_fix:
            la, ns, true_lat = fmt_angle(lat, True, ang_dec)
            lo, ew, true_lon = fmt_angle(lon, False, ang_dec)
            alt = f"{r.uniform(-20, 3000):.1f}"
            gga = sentence(f"{talker_gga}GGA,{hms},{la},{ns},{lo},{ew},{quality},{sats:02d},"
                           f"{r.uniform(0.5, 3):.2f},{alt},M,{r.uniform(-40, 60):.1f},M,,")
            rmc = sentence(f"{talker_rmc}RMC,{hms},A,{la},{ns},{lo},{ew},"
                           f"{speed * 1.943844:.3f},{np.degrees(heading) % 360:.2f},{date},,,"
                           f"{'D' if quality == 2 else 'A'}")
            gll = sentence(f"{talker_rmc}GLL,{la},{ns},{lo},{ew},{hms},A,A")
        else:
            gga = sentence(f"{talker_gga}GGA,{hms},,,,,0,{sats:02d},99.99,,,,,,")
            if r.random() < 0.5 or k < no_fix_until:
                rmc = sentence(f"{talker_rmc}RMC,{hms if k >= 2 else ''},V,,,,,,,"
                               f"{date if k >= 2 else ''},,,N")
            else:
                rmc = sentence(f"{talker_rmc}RMC,{hms},V,,,,,,,{date},,,N")
            gll = sentence(f"{talker_rmc}GLL,,,,,{hms},V,N")
        vtg = sentence(f"{talker_rmc}VTG,{np.degrees(heading) % 360:.2f},T,,M,"
                       f"{speed * 1.943844:.3f},N,{speed * 3.6:.3f},K,A")
        gsa = sentence(f"GNGSA,A,3,{','.join(f'{s:02d}' for s in r.integers(1, 33, 12))},"
                       f"{r.uniform(1, 3):.2f},{r.uniform(0.5, 2):.2f},{r.uniform(1, 3):.2f},1")
        gsv = [sentence(f"{tk}GSV,1,1,{n:02d}," + ",".join(
            f"{r.integers(1, 33):02d},{r.integers(0, 90):02d},{r.integers(0, 360):03d},"
            f"{r.integers(10, 50):02d}" for _ in range(n)) + ",1")
            for tk, n in (("GP", int(r.integers(1, 5))), ("GL", int(r.integers(1, 5))))]
        extra = []
        if r.random() < 0.1:
            extra.append(sentence(f"PUBX,00,{hms},{'0000.00000,N,00000.00000,E'},0.0,NF,"
                                  f"0,0,0.0,0.0,0.0,,99.99,99.99,0.0,0,0,0"))
        if r.random() < 0.03:
            extra.append(sentence("GPTXT,01,01,02,ANTSTATUS=OK"))
        epoch = ([gga, rmc] if gga_first else [rmc, vtg, gga]) + ([vtg] if gga_first else [])
        epoch += [gsa] + gsv + ([gll] if r.random() < 0.5 else []) + extra
        for s in epoch:
            is_fix = s is gga and has_fix
            clean = midnight_clean is not None and abs(cs - midnight_clean) <= 2 * step_cs * 2
            lines.append([s, is_fix and True, clean,
                          (posix, true_lat, true_lon, quality) if is_fix else None])
    # the serial link's damage
    out = bytearray()
    if r.random() < 0.5:  # the log starts in the middle of a sentence
        out += lines[0][0][int(r.integers(1, len(lines[0][0]))):].encode() + b"\r\n"
        lines[0][1] = False
        lines = lines[1:]
    for s, intact, clean, fix in lines:
        raw = bytearray(s.encode())
        ending = b"\r\n" if r.random() < 0.85 else b"\n"
        p = 0.0 if clean else corrupt
        u = r.random()
        if u < 0.03 * p:  # one byte changed in flight
            i = int(r.integers(0, len(raw)))
            raw[i] = (raw[i] + int(r.integers(1, 255))) % 256
            intact = False
        elif u < 0.05 * p:  # cut short (receiver reset, buffer overrun)
            raw = raw[:int(r.integers(1, len(raw) - 1))]
            intact = False
            if r.random() < 0.5:
                ending = b""
        elif u < 0.07 * p:  # line ending lost
            ending = b""
        elif u < 0.09 * p:  # an overrun loses two equal characters: checksum still right
            damaged = drop_pair(r, s)
            if damaged is not None:
                raw = bytearray(damaged.encode())
                intact = False
        if r.random() < 0.03 * p:  # noise bytes on the line before the sentence
            noise = r.integers(0, 256, size=int(r.integers(1, 6)))
            noise = bytes(int(b) for b in noise if b not in b"$*\r\n")
            out += noise
        out += raw + ending
        if intact and fix is not None:
            truth.append(fix)
    return bytes(out), truth


PAIR_FIELDS = {"GGA": ((1, 6), (2, 4), (4, 5)), "RMC": ((1, 6), (3, 4), (5, 5), (9, 6))}


def drop_pair(r, text):
    """A UART overrun that loses two equal adjacent characters in a fixed-width part of a time,
    coordinate or date field: the XOR checksum still matches, the field has the wrong width.
    Returns the damaged sentence, or None when the sentence has no such pair."""
    body, checksum = text[1:].split("*")
    fields = body.split(",")
    spots = []
    for k, width in PAIR_FIELDS.get(fields[0][2:], ()):
        f = fields[k]
        spots += [(k, i) for i in range(min(width, len(f)) - 1) if f[i] == f[i + 1]]
    if not spots:
        return None
    k, i = spots[int(r.integers(0, len(spots)))]
    fields[k] = fields[k][:i] + fields[k][i + 2:]
    return "$" + ",".join(fields) + "*" + checksum


def check(found, truth, label):
    assert isinstance(found, list), f"{label}: expected a list"
    assert len(found) == len(truth), f"{label}: {len(found)} fixes, expected {len(truth)}"
    for i, (f, (t, lat, lon, q)) in enumerate(zip(found, truth)):
        assert abs(float(f["time"]) - t) < 1e-3, (
            f"{label}: fix {i}: time {float(f['time']):.3f}, expected {t:.3f} "
            f"({(float(f['time']) - t) / 86400:+.2f} days)")
        assert abs(float(f["lat"]) - lat) < 1e-7 and abs(float(f["lon"]) - lon) < 1e-7, (
            f"{label}: fix {i}: ({float(f['lat']):.7f}, {float(f['lon']):.7f}), "
            f"expected ({lat:.7f}, {lon:.7f})")
        assert int(f["quality"]) == q, f"{label}: fix {i}: quality {f['quality']}, expected {q}"


def posix(y, mo, d, h=0, mi=0, s=0.0):
    return calendar.timegm((y, mo, d, h, mi, 0)) + s


def test_daytime_logs():
    r = rng(1)
    for k in range(3):
        start = posix(int(r.integers(2019, 2036)), int(r.integers(1, 13)), int(r.integers(1, 29)),
                      int(r.integers(1, 22)), int(r.integers(0, 60)), float(r.integers(0, 60)))
        raw, truth = make_log(r, int(r.integers(200, 400)), 1, start, gga_first=bool(k % 2))
        check(parse_nmea_fixes(raw), truth, f"log {k}")


@pytest.mark.parametrize("when", [(2023, 6, 14), (2024, 2, 28), (2025, 12, 31), (2028, 2, 29)])
def test_logs_across_midnight(when):
    r = rng(2 + when[0] * 13 + when[1])
    before = float(r.uniform(8, 60))
    start = posix(*when, 23, 59, 60.0 - before)
    rate = int(r.choice([1, 5]))
    gga_first = True
    raw, truth = make_log(r, int(before * rate + r.integers(30, 120) * rate), rate, start,
                          gga_first, midnight_clean=int(round(posix(*when) + 86400) * 100),
                          cold_epochs=0, tunnel_ok=False)
    check(parse_nmea_fixes(raw), truth, f"log from {when} 23:59:{60 - before:05.2f}")


def test_ten_hz_receiver_and_rmc_first_order():
    r = rng(3)
    start = posix(2026, 3, 29, 23, 59, 30.0)
    raw, truth = make_log(r, 600, 10, start, gga_first=False)
    check(parse_nmea_fixes(raw), truth, "10 Hz log")


def test_badly_damaged_link():
    r = rng(4)
    start = posix(2021, 7, int(r.integers(1, 30)), 12, 0, 0.0)
    raw, truth = make_log(r, 300, 1, start, gga_first=bool(r.integers(0, 2)), corrupt=4.0)
    check(parse_nmea_fixes(raw), truth, "damaged log")


def test_no_fix_and_empty_logs():
    r = rng(5)
    raw, truth = make_log(r, 40, 1, posix(2022, 1, 5, 8), gga_first=True, corrupt=0.0)
    found = parse_nmea_fixes(raw)
    assert len(found) == len(truth) > 0 and all(isinstance(f, dict) for f in found)
    cold, truth = make_log(r, 20, 1, posix(2022, 1, 5, 9), gga_first=False, cold_epochs=30)
    assert truth == [] and parse_nmea_fixes(cold) == []
    assert parse_nmea_fixes(b"") == []
    assert parse_nmea_fixes(b"\xff\xfe\x00garbage\r\n") == []
