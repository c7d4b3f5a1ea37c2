"""Hidden tests: per-stream reception statistics of an RTP receiver socket.

Each capture is simulated from the run's data seed (IOTBENCH_DATA_SEED): one or more RTP
sources (SSRCs) send 10-40 ms audio packets over a Wi-Fi/LTE path to a socket that, as in
WebRTC, also carries the senders' RTCP (RFC 5761 multiplexing: sender reports and SDES) and ICE
consent-freshness STUN messages. Sequence numbers and timestamps start at random values (many
close to their wrap-around), senders use discontinuous transmission (timestamps jump over
silences, sequence numbers do not), and a source may restart with a new SSRC. The path delays
packets by a base latency plus random queueing delay with bursts (so packets get reordered),
loses packets singly and in bursts, and duplicates a few. Ground truth comes from the
generator's own unwrapped sequence numbers and timestamps.
"""

import os
import struct

import numpy as np
import pytest

from candidate import rtp_receiver_stats

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def stream(r, clock, start_time, duration, ssrc, near_wrap):
    """Packets of one SSRC: list of (arrival, bytes) and the true statistics."""
    ptime = float(r.choice([0.01, 0.02, 0.02, 0.03, 0.04]))
    spp = int(round(ptime * clock))
    n = int(duration / ptime)
    # discontinuous transmission: talk spurts and silences (no packets, timestamp runs on)
    talk = np.ones(n, dtype=bool)
    k = 0
    while k < n:
        k += int(r.integers(50, 400))
        gap = int(r.integers(10, 150))
        talk[k:k + gap] = False
        k += gap
    slots = np.flatnonzero(talk)
    m = slots.size
    seq0 = int(r.integers(65536 - 300, 65536)) if near_wrap else int(r.integers(0, 65536))
    ts0 = int(r.integers(2 ** 32 - clock * 20, 2 ** 32)) if near_wrap else int(r.integers(0, 2 ** 32))
    seq_u = seq0 + np.arange(m)
    ts_u = ts0 + slots * spp
    skew = 1 + r.uniform(-50e-6, 50e-6)  # the sender's clock against the receiver's
    send = start_time + slots * ptime * skew
    # delay: base + queueing (gamma) + occasional bursts of congestion
    jitter_scale = float(r.choice([r.uniform(0.0005, 0.003), r.uniform(0.003, 0.015),
                                   r.uniform(0.015, 0.04)]))
    delay = r.uniform(0.02, 0.15) + r.gamma(2.0, jitter_scale / 2, size=m)
    burst_start = r.random(m) < 0.002
    burst = np.convolve(burst_start.astype(float), np.hanning(40), mode="same")
    delay += burst * r.uniform(0.05, 0.2)
    arrival = send + delay
    # losses: random and in bursts
    keep = r.random(m) > r.uniform(0.0, 0.03)
    for b in np.flatnonzero(r.random(m) < 0.001):
        keep[b:b + int(r.integers(3, 30))] = False
    idx = np.flatnonzero(keep)
    # duplicates (a few, arriving shortly after the original)
    dup = idx[r.random(idx.size) < 0.004]
    all_idx = np.concatenate([idx, dup])
    all_arr = np.concatenate([arrival[idx], arrival[dup] + r.uniform(0.0001, 0.002, dup.size)])
    order = np.argsort(all_arr, kind="stable")
    all_idx, all_arr = all_idx[order], all_arr[order]
    # truth
    distinct = np.unique(seq_u[idx])
    lost = int(distinct[-1] - distinct[0] + 1 - distinct.size)
    transit = all_arr * clock - ts_u[all_idx]
    d = np.abs(np.diff(transit))
    j = 0.0
    for x in d:
        j += (x - j) / 16
    pt = int(r.choice([0, 8, 9, 96, 111]))
    packets = []
    for i, a in zip(all_idx, all_arr):
        marker = 0x80 if i == 0 or not talk[slots[i] - 1] else 0
        cc = int(r.random() < 0.05)
        first = 0x80 | (0x10 if pt >= 96 else 0) | cc
        hdr = struct.pack("!BBHII", first, marker | pt, seq_u[i] % 65536, ts_u[i] % 2 ** 32, ssrc)
        hdr += struct.pack("!I", 0x1234ABCD) * cc
        if pt >= 96:  # one-byte header extension (audio level)
            hdr += struct.pack("!HHBBBB", 0xBEDE, 1, 0x10, int(r.integers(0, 128)), 0, 0)
        payload = bytes(int(r.integers(20, 160)))
        packets.append((float(a), hdr + payload))
    # the sender's RTCP (sender report + SDES), every few seconds
    for t in np.arange(start_time + r.uniform(0.5, 5), send[-1], r.uniform(2, 5)):
        ntp = int((t + 2208988800) * 2 ** 32)
        sr = struct.pack("!BBHIQIII", 0x80, 200, 6, ssrc, ntp, int(ts0 + (t - start_time) * clock)
                         % 2 ** 32, int(r.integers(0, 1e5)), int(r.integers(0, 1e7)))
        cname = b"user%d@host" % int(r.integers(0, 1000))
        item = bytes([1, len(cname)]) + cname + b"\x00"
        item += b"\x00" * (-len(item) % 4)
        sdes = struct.pack("!BBHI", 0x81, 202, (len(item) + 4) // 4, ssrc) + item
        packets.append((float(t + r.uniform(0.02, 0.1)), sr + sdes))
    truth = {"received": int(distinct.size), "lost": lost, "jitter_ms": 1000 * j / clock}
    return packets, truth, float(send[-1])


def stun(r, t):
    body = struct.pack("!HHI", 0x0001, 8, 0x2112A442) + r.integers(0, 256, 12,
                                                                    dtype=np.uint8).tobytes()
    return (t, body + struct.pack("!HHI", 0x0024, 4, int(r.integers(0, 2 ** 32))))


def capture(r, clock, layout):
    packets, truth = [], {}
    t = 0.0
    used = set()
    for group in layout:  # sources in one group overlap in time; groups follow one another
        end = t
        for near_wrap, duration in group:
            ssrc = int(r.integers(1, 2 ** 32))
            while ssrc in used:
                ssrc = int(r.integers(1, 2 ** 32))
            used.add(ssrc)
            p, tr, last = stream(r, clock, t + r.uniform(0, 2), duration, ssrc, near_wrap)
            packets += p
            truth[ssrc] = tr
            end = max(end, last)
        t = end + r.uniform(0.5, 3)
    for ts in np.arange(0, t, r.uniform(2, 6)):
        packets.append(stun(r, float(ts)))
    packets.sort(key=lambda p: p[0])
    return packets, truth


def check(found, truth, label):
    assert isinstance(found, dict), f"{label}: expected a dict"
    keys = {int(k) for k in found}
    assert keys == set(truth), (
        f"{label}: SSRCs {sorted(keys)}, expected {sorted(truth)}")
    for ssrc, want in truth.items():
        got = found[ssrc]
        assert int(got["received"]) == want["received"], (
            f"{label}: SSRC {ssrc:#x}: received {got['received']}, expected {want['received']}")
        assert int(got["lost"]) == want["lost"], (
            f"{label}: SSRC {ssrc:#x}: lost {got['lost']}, expected {want['lost']}")
        j = float(got["jitter_ms"])
        assert abs(j - want["jitter_ms"]) <= max(0.05 * want["jitter_ms"], 0.05), (
            f"{label}: SSRC {ssrc:#x}: jitter {j:.3f} ms, expected {want['jitter_ms']:.3f} ms")


@pytest.mark.parametrize("clock", [8000, 16000, 48000])
def test_one_call(clock):
    r = rng(clock // 8000)
    packets, truth = capture(r, clock, [[(True, r.uniform(60, 120))]])
    check(rtp_receiver_stats(packets, clock), truth, f"{clock} Hz call")


def test_source_restart_and_simultaneous_sources():
    r = rng(20)
    layout = [[(True, r.uniform(30, 60)), (False, r.uniform(30, 60))],
              [(bool(r.integers(0, 2)), r.uniform(30, 60))]]
    packets, truth = capture(r, 48000, layout)
    check(rtp_receiver_stats(packets, 48000), truth, "three sources")


def test_wrap_of_both_counters():
    r = rng(21)
    packets, truth = capture(r, 8000, [[(True, r.uniform(40, 80))]])
    check(rtp_receiver_stats(packets, 8000), truth, "wrapping source")


def test_empty_and_non_rtp():
    r = rng(22)
    assert rtp_receiver_stats([], 8000) == {}
    assert rtp_receiver_stats([stun(r, 1.0), stun(r, 2.0)], 8000) == {}
