"""Hidden tests: per-stream reception statistics of an RTP receiver socket.

Each capture is simulated from the run's data seed (IOTBENCH_DATA_SEED): one or more RTP
sources (SSRCs) send 10-40 ms audio packets over a Wi-Fi/LTE path to a socket that, as in
WebRTC, also carries the remote side's RTCP (RFC 5761 multiplexing: sender reports with SDES,
receiver reports and extended reports about the gateway's own stream, reduced-size transport-wide
congestion-control and NACK feedback, BYE), DTLS handshake records and ICE consent-freshness STUN
messages. Sequence numbers and timestamps start at random values (many
close to their wrap-around), senders use discontinuous transmission (timestamps jump over
silences, sequence numbers do not), and a source may restart with a new SSRC. The path delays
packets by a base latency plus random queueing delay with bursts (so packets get reordered),
loses packets singly and in bursts, and duplicates some. Ground truth comes from the
generator's own unwrapped sequence numbers and timestamps: the RFC 3550 report-block figures
(cumulative loss = expected - received, where received counts late and duplicated packets too).
"""

import os
import struct

import numpy as np
import pytest

from candidate import rtp_receiver_stats

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def stream(r, clock, start_time, duration, ssrc, near_wrap, gateway_ssrc):
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
    seq0 = int(r.integers(65536 - 300, 65536 - 50)) if near_wrap else int(r.integers(0, 65486))
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
    dup = idx[r.random(idx.size) < r.uniform(0.003, 0.01)]
    all_idx = np.concatenate([idx, dup])
    all_arr = np.concatenate([arrival[idx], arrival[dup] + r.uniform(0.0001, 0.002, dup.size)])
    order = np.argsort(all_arr, kind="stable")
    all_idx, all_arr = all_idx[order], all_arr[order]
    # truth: RFC 3550 A.3 counts from the first packet received; every packet received (late
    # or duplicate) counts as received
    base = int(seq_u[all_idx[0]])
    highest = int(seq_u[idx].max())
    lost = highest - base + 1 - int(all_idx.size)
    # RFC 3550 A.8 updates the jitter on every packet received; implementations that leave
    # duplicates out of it are accepted as well
    first_copy = np.ones(all_idx.size, dtype=bool)
    first_copy[np.unique(all_idx, return_index=True)[1]] = False
    first_copy = ~first_copy
    jitters = []
    for use in (np.ones(all_idx.size, dtype=bool), first_copy):
        transit = all_arr[use] * clock - ts_u[all_idx[use]]
        j = 0.0
        for x in np.abs(np.diff(transit)):
            j += (x - j) / 16
        jitters.append(1000 * j / clock)
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
    packets += remote_feedback(r, start_time, float(send[-1]), ssrc, gateway_ssrc)
    truth = {"lost": lost, "highest_seq": highest, "jitter_ms": jitters,
             "dups": int(dup.size)}
    return packets, truth, float(send[-1])


def remote_feedback(r, start, end, ssrc, gateway_ssrc):
    """RTCP the remote sends about the gateway's own stream (the remote is its receiver too):
    compound RR + XR, and with reduced-size RTCP, lone transport-cc and NACK feedback; a BYE at
    the end."""
    out = []
    rr_block = struct.pack("!IIIII", gateway_ssrc, int(r.integers(0, 2 ** 24)),
                           int(r.integers(0, 2 ** 16)), int(r.integers(0, 300)), 0) + bytes(4)
    for t in np.arange(start + r.uniform(0.5, 3), end, r.uniform(2, 5)):
        rr = struct.pack("!BBHI", 0x81, 201, 7, ssrc) + rr_block
        xr = struct.pack("!BBHIBBHQ", 0x80, 207, 4, ssrc, 4, 0, 2, int(r.integers(0, 2 ** 63)))
        out.append((float(t), rr + xr if r.random() < 0.5 else xr))
    for t in np.arange(start + r.uniform(0.05, 0.2), end, r.uniform(0.1, 0.5)):
        chunks = r.integers(0, 256, 4 * int(r.integers(2, 6)), dtype=np.uint8).tobytes()
        body = struct.pack("!II", ssrc, gateway_ssrc) + struct.pack(
            "!HHI", int(r.integers(0, 65536)), int(r.integers(1, 40)),
            int(r.integers(0, 2 ** 32))) + chunks
        out.append((float(t), struct.pack("!BBH", 0x8F, 205, len(body) // 4) + body))
    for t in r.uniform(start, end, size=int(r.integers(1, 6))):
        body = struct.pack("!IIHH", ssrc, gateway_ssrc, int(r.integers(0, 65536)), 0)
        out.append((float(t), struct.pack("!BBH", 0x81, 205, 3) + body))
    bye = struct.pack("!BBHI", 0x81, 201, 1, ssrc) + struct.pack("!BBHI", 0x81, 203, 1, ssrc)
    out.append((end + r.uniform(0.1, 0.3), bye))
    return out


def stun(r, t):
    body = struct.pack("!HHI", 0x0001, 8, 0x2112A442) + r.integers(0, 256, 12,
                                                                    dtype=np.uint8).tobytes()
    return (t, body + struct.pack("!HHI", 0x0024, 4, int(r.integers(0, 2 ** 32))))


def dtls(r, t):
    content = int(r.choice([20, 22, 22, 23]))
    body = r.integers(0, 256, int(r.integers(20, 200)), dtype=np.uint8).tobytes()
    return (t, struct.pack("!BHHIH", content, 0xFEFD, 0, int(r.integers(0, 50)), 0)[:11]
            + struct.pack("!H", len(body)) + body)


def capture(r, clock, layout):
    packets, truth = [], {}
    t = 0.0
    gateway_ssrc = int(r.integers(1, 2 ** 32))
    used = {gateway_ssrc}
    packets += [dtls(r, float(x)) for x in np.sort(r.uniform(0, 0.4, size=6))]
    for group in layout:  # sources in one group overlap in time; groups follow one another
        end = t
        for near_wrap, duration in group:
            ssrc = int(r.integers(1, 2 ** 32))
            while ssrc in used:
                ssrc = int(r.integers(1, 2 ** 32))
            used.add(ssrc)
            p, tr, last = stream(r, clock, t + r.uniform(0.5, 2), duration, ssrc, near_wrap,
                                 gateway_ssrc)
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
        assert int(got["highest_seq"]) == want["highest_seq"], (
            f"{label}: SSRC {ssrc:#x}: extended highest sequence number {got['highest_seq']}, "
            f"expected {want['highest_seq']}")
        assert abs(int(got["lost"]) - want["lost"]) <= 2, (
            f"{label}: SSRC {ssrc:#x}: cumulative lost {got['lost']}, expected {want['lost']} "
            f"({want['dups']} duplicates received)")
        j = float(got["jitter_ms"])
        assert any(abs(j - w) <= max(0.05 * w, 0.05) for w in want["jitter_ms"]), (
            f"{label}: SSRC {ssrc:#x}: jitter {j:.3f} ms, expected "
            f"{want['jitter_ms'][0]:.3f} ms (or {want['jitter_ms'][1]:.3f} without duplicates)")


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
    others = [dtls(r, 0.1), stun(r, 0.5)] + remote_feedback(r, 0.0, 3.0, 0x1234, 0x5678)
    assert rtp_receiver_stats(sorted(others), 8000) == {}
