"""Hidden tests: responses and Observe notifications a CoAP gateway delivers to its application,
from a capture of its UDP traffic with constrained sensors.

Each capture is simulated from the run's data seed (IOTBENCH_DATA_SEED). A gateway sends GET
requests (confirmable or not) to 3-8 sensors and registers Observe on some of their resources.
Sensors answer piggybacked in the ACK, or with an empty ACK and a separate response, and then
send confirmable or non-confirmable notifications. The UDP network delays datagrams by 30 ms to
a few seconds (so notifications overtake one another) and loses some of them; when the
gateway's ACK of a confirmable message is lost, the sensor retransmits it with the same Message
ID, and when a request's ACK is slow the gateway retransmits the request and the sensor answers
the duplicate with the same ACK. Sensors start their Message IDs near 0 after boot (so different
sensors use the same IDs), and some sensors' Observe sequence numbers wrap around 2^24. Options
use every delta/length encoding (long path segments, queries, a vendor option numbered 65000
with values of hundreds of bytes, zero-length uint values). Ground truth is the generator's own
record of which datagram first carries each response and which notifications are newer than
every notification already delivered for their observation.
"""

import os

import numpy as np
import pytest

from candidate import coap_deliveries

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))

CON, NON, ACK, RST = 0, 1, 2, 3


def rng(stream):
    return np.random.default_rng([SEED, stream])


def uint(v):
    return v.to_bytes((v.bit_length() + 7) // 8, "big")


def ext(x):
    if x < 13:
        return x, b""
    if x < 269:
        return 13, bytes([x - 13])
    return 14, (x - 269).to_bytes(2, "big")


def encode(mtype, code, mid, token, options=(), payload=b""):
    out = bytearray([0x40 | (mtype << 4) | len(token), code]) + mid.to_bytes(2, "big") + token
    prev = 0
    for number, value in sorted(options, key=lambda o: o[0]):
        dn, dx = ext(number - prev)
        ln, lx = ext(len(value))
        out += bytes([(dn << 4) | ln]) + dx + lx + value
        prev = number
    if payload:
        out += b"\xff" + payload
    return bytes(out)


def code_byte(text):
    c, d = text.split(".")
    return (int(c) << 5) | int(d)


SEGMENTS = ["sensors", "temp", "3303", "0", "5700", "hum", "battery", "air-quality-index-pm25",
            "a-very-long-resource-segment-name-for-the-vibration-spectrum", "status", "µ"]


def random_path(r):
    n = int(r.integers(1, 5))
    return [SEGMENTS[int(r.integers(0, len(SEGMENTS)))] for _ in range(n)]


def response_options(r, cf, observe):
    opts = []
    if observe is not None:
        opts.append((6, uint(observe)))
    if cf is not None:
        opts.append((12, uint(cf)))
    if r.random() < 0.3:
        opts.append((4, r.integers(0, 256, size=int(r.integers(1, 9)), dtype=np.uint8).tobytes()))
    if r.random() < 0.3:
        opts.append((14, uint(int(r.choice([0, 60, 300, 86400])))))
    if r.random() < 0.2:
        opts.append((28, uint(int(r.integers(0, 5000)))))
    if r.random() < 0.25:
        opts.append((65000, bytes(r.integers(32, 127, size=int(r.integers(0, 600)),
                                                dtype=np.uint8))))
    return opts


def payload_for(r, cf):
    if cf == 50:
        return ('{"v":%.2f,"u":"Cel"}' % r.normal(21, 4)).encode()
    if cf == 0:
        return ("%.1f" % r.normal(50, 10)).encode()
    return r.integers(0, 256, size=int(r.integers(1, 300)), dtype=np.uint8).tobytes()


def capture(r, n_sensors):
    events = []  # (arrival time, direction, peer, bytes, delivery or None)
    gw_mid = int(r.integers(0, 65536))
    tokens = set()

    def new_token():
        while True:
            t = r.integers(0, 256, size=int(r.integers(1, 9)), dtype=np.uint8).tobytes()
            if t not in tokens:
                tokens.add(t)
                return t

    def delay():
        return float(r.choice([r.uniform(0.03, 0.3), r.uniform(0.03, 3.0)]))

    for s in range(n_sensors):
        peer = f"10.0.{s // 200}.{10 + s}:5683" if r.random() < 0.5 else f"[fd00::{s + 1:x}]:5683"
        mid = int(r.integers(0, 40))  # sensor message IDs restart near 0 at boot
        t = r.uniform(0, 20)
        for q in range(int(r.integers(2, 5))):  # requests, some of them Observe registrations
            t += r.uniform(0.5, 5)
            path = random_path(r)
            observe = r.random() < 0.6
            token = new_token()
            cf = int(r.choice([0, 50, 60, 11542]))
            req_opts = [(11, seg.encode()) for seg in path]
            if observe:
                req_opts.append((6, b""))
            if r.random() < 0.3:
                req_opts.append((15, ("id=" + "x" * int(r.integers(1, 300))).encode()))
            if r.random() < 0.3:
                req_opts.append((17, uint(cf)))
            gw_mid = (gw_mid + 1) % 65536
            req_mid = gw_mid
            confirmable = r.random() < 0.8 or observe
            req = encode(CON if confirmable else NON, 1, req_mid, token, req_opts)
            events.append((t, "out", peer, req, None))
            seq = int(r.choice([r.integers(0, 1000), r.integers(2 ** 24 - 40, 2 ** 24)]))
            first_obs = seq if observe else None
            code = "2.05" if r.random() < 0.9 else str(r.choice(["4.04", "4.01", "5.03"]))
            if code != "2.05":
                first_obs = None
            opts = response_options(r, cf if code == "2.05" else None, first_obs)
            body = payload_for(r, cf) if code == "2.05" else b""
            delivery = {"peer": peer, "path": "/" + "/".join(path), "code": code,
                        "content_format": cf if code == "2.05" else None,
                        "observe": first_obs, "payload": body}
            arrive = t + delay()
            settled = arrive + 3.0  # the registration exchange is over by then
            if not confirmable:
                mid = (mid + 1) % 65536
                events.append((arrive, "in", peer, encode(NON, code_byte(code), mid, token, opts,
                                                          body), delivery))
            elif r.random() < 0.75:  # piggybacked in the ACK
                ack = encode(ACK, code_byte(code), req_mid, token, opts, body)
                if r.random() < 0.2:  # slow ACK: the gateway retransmits, the sensor re-ACKs
                    again = t + 2.0 + r.uniform(0, 1)
                    events.append((again, "out", peer, req, None))
                    arrive = again + r.uniform(0.01, 0.5)
                    events.append((arrive + r.uniform(0.05, 0.5), "in", peer, ack, None))
                    settled = arrive + 3.0
                events.append((arrive, "in", peer, ack, delivery))
            else:  # empty ACK now, separate confirmable response later
                events.append((arrive, "in", peer, encode(ACK, 0, req_mid, b""), None))
                mid = (mid + 1) % 65536
                resp = encode(CON, code_byte(code), mid, token, opts, body)
                t_resp = arrive + r.uniform(0.2, 3)
                settled = t_resp + 4.0
                events.append((t_resp, "in", peer, resp, delivery))
                events.append((t_resp + 0.01, "out", peer, encode(ACK, 0, mid, b""), None))
                if r.random() < 0.25:  # that ACK was lost: the sensor retransmits
                    events.append((t_resp + r.uniform(2, 3), "in", peer, resp, None))
            if not observe or code != "2.05":
                continue
            # notifications; the generator knows their true order (unwrapped sequence)
            tn = settled
            sent = []
            for k in range(1, int(r.integers(15, 60))):
                tn += r.uniform(0.3, 4)
                seq_k = seq + k + int(r.integers(0, 3)) * (r.random() < 0.2)
                sent.append((tn, seq_k))
            unwrapped_prev = seq
            notes = []
            for tn, seq_k in sent:
                seq_k = max(seq_k, unwrapped_prev + 1)
                unwrapped_prev = seq_k
                if r.random() < 0.03:
                    continue  # lost in the network
                mid = (mid + 1) % 65536
                confirm = r.random() < 0.35
                opts = response_options(r, cf, seq_k % 2 ** 24)
                body = payload_for(r, cf)
                raw = encode(CON if confirm else NON, code_byte("2.05"), mid, token, opts, body)
                arrive = tn + delay()
                notes.append((arrive, raw, seq_k, {
                    "peer": peer, "path": "/" + "/".join(path), "code": "2.05",
                    "content_format": cf, "observe": seq_k % 2 ** 24, "payload": body}))
                if confirm:
                    events.append((arrive + 0.01, "out", peer, encode(ACK, 0, mid, b""), None))
                    if r.random() < 0.15:  # the ACK was lost: retransmission, same Message ID
                        notes.append((arrive + r.uniform(2, 4), raw, None, None))
                        events.append((notes[-1][0] + 0.01, "out", peer,
                                       encode(ACK, 0, mid, b""), None))
            latest = seq
            for arrive, raw, seq_k, delivery in sorted(notes, key=lambda n: n[0]):
                fresh = seq_k is not None and seq_k > latest
                if fresh:
                    latest = seq_k
                events.append((arrive, "in", peer, raw, delivery if fresh else None))
            t = tn
    events.sort(key=lambda e: e[0])
    capture_list = [(float(e[0]), e[1], e[2], e[3]) for e in events]
    truth = [dict(e[4], time=float(e[0])) for e in events if e[4] is not None]
    return capture_list, truth


def check(found, truth, label):
    assert isinstance(found, list), f"{label}: expected a list"
    keys = ("peer", "path", "code", "content_format", "observe")
    for k, (f, w) in enumerate(zip(found, truth)):
        got = {key: f[key] for key in keys}
        want = {key: w[key] for key in keys}
        assert got == want and bytes(f["payload"]) == w["payload"] and \
            abs(float(f["time"]) - w["time"]) < 1e-6, (
            f"{label}: delivery {k}: got {got} at {float(f['time']):.3f}, "
            f"expected {want} at {w['time']:.3f}")
    assert len(found) == len(truth), f"{label}: {len(found)} deliveries, expected {len(truth)}"


@pytest.mark.parametrize("k", range(3))
def test_gateway_captures(k):
    r = rng(1 + k)
    data, truth = capture(r, int(r.integers(3, 9)))
    check(coap_deliveries(data), truth, f"capture {k}")


def test_plain_request_and_empty_capture():
    assert coap_deliveries([]) == []
    req = encode(CON, 1, 0x1234, b"\x01", [(11, b"t")])
    resp = encode(ACK, code_byte("2.05"), 0x1234, b"\x01", [(12, b"")], b"20.5")
    found = coap_deliveries([(1.0, "out", "p:5683", req), (1.1, "in", "p:5683", resp)])
    assert len(found) == 1
    f = found[0]
    assert f["path"] == "/t" and f["code"] == "2.05" and f["content_format"] == 0
    assert f["observe"] is None and bytes(f["payload"]) == b"20.5" and f["peer"] == "p:5683"
