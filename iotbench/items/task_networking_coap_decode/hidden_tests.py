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
with values of hundreds of bytes, zero-length uint values). The gateway also discovers resources
with multicast GET /.well-known/core (answered by each sensor from its own address), picks
tokens per sensor (a counter on half of them, so sensors share tokens), fetches large
representations block-wise (RFC 7959 Block2), and deregisters some observations while a
notification is still in flight; some sensors sleep for minutes, after which their clock-based
Observe number restarts (fresh by the RFC 7641 128-second rule). Ground truth is the generator's own
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


MULTICAST = {4: "224.0.1.187:5683", 6: "[ff02::fd]:5683"}  # All-CoAP-Nodes groups


def link_format(r):
    links = ['</3303/0/5700>;rt="temperature";ct=0;obs', '</sensors/hum>;rt="humidity";if="sensor"',
             '</sensors/battery>;ct=50', '</status>;ct="0 50"', '</fw>;rt="firmware";sz=262144',
             '</a-very-long-resource-segment-name-for-the-vibration-spectrum>;ct=60;obs']
    pick = r.permutation(len(links))[:int(r.integers(1, len(links) + 1))]
    return ",".join(links[i] for i in sorted(pick)).encode()


def block2(num, more, szx):
    return (23, uint((num << 4) | (more << 3) | szx))


def blockwise_get(r, events, peer, path, new_token, used, next_gw_mid, t, mid, delay):
    """A GET whose representation is sent in Block2 blocks, each block piggybacked on the ACK of
    the gateway's request for it; the stack delivers the reassembled body once, when the last
    block arrives. Returns the time after the transfer and the sensor's last Message ID."""
    cf = int(r.choice([42, 60]))
    body = r.integers(0, 256, size=int(r.integers(300, 3000)), dtype=np.uint8).tobytes()
    szx = int(r.choice([2, 3, 4, 5, 6]))
    size = 16 << szx
    blocks = [body[i:i + size] for i in range(0, len(body), size)]
    token = new_token()
    used.add(token)
    path_opts = [(11, seg.encode()) for seg in path]
    for num, chunk in enumerate(blocks):
        if num and r.random() < 0.5:  # some stacks take a new token for every block request
            token = new_token()
            used.add(token)
        ask = [block2(num, 0, szx)] if num or r.random() < 0.5 else []
        req_mid = next_gw_mid()
        req = encode(CON, 1, req_mid, token, path_opts + ask)
        events.append((t, "out", peer, req, None))
        more = int(num < len(blocks) - 1)
        opts = [(12, uint(cf)), block2(num, more, szx)]
        if r.random() < 0.3:
            opts.append((4, r.integers(0, 256, size=4, dtype=np.uint8).tobytes()))
        ack = encode(ACK, code_byte("2.05"), req_mid, token, opts, chunk)
        arrive = t + delay()
        if r.random() < 0.15:  # slow ACK: the gateway retransmits, the sensor re-ACKs
            again = t + 2.0 + r.uniform(0, 1)
            events.append((again, "out", peer, req, None))
            arrive = again + r.uniform(0.01, 0.5)
            events.append((arrive + r.uniform(0.05, 0.5), "in", peer, ack, None))
        done = None if more else {"peer": peer, "path": "/" + "/".join(path), "code": "2.05",
                                  "content_format": cf, "observe": None, "payload": body}
        events.append((arrive, "in", peer, ack, done))
        t = arrive + r.uniform(0.005, 0.05)
    return t + 1.0, mid


def capture(r, n_sensors):
    events = []  # (arrival time, direction, peer, bytes, delivery or None)
    gw_mid = int(r.integers(0, 65536))

    def delay():
        return float(r.choice([r.uniform(0.03, 0.3), r.uniform(0.03, 3.0)]))

    def next_gw_mid():
        nonlocal gw_mid
        gw_mid = (gw_mid + 1) % 65536
        return gw_mid

    families = [4 if r.random() < 0.5 else 6 for _ in range(n_sensors)]
    # resource discovery: a multicast GET /.well-known/core per address family, at start-up and
    # later again; every sensor of that family may answer (separately, after a random leisure)
    discoveries = []  # (time, family, token)
    for d in range(int(r.integers(1, 3))):
        td = r.uniform(0, 5) if d == 0 else r.uniform(60, 250)
        for fam in sorted(set(families)):
            token = r.integers(0, 256, size=8, dtype=np.uint8).tobytes()
            req = encode(NON, 1, next_gw_mid(), token, [(11, b".well-known"), (11, b"core")])
            events.append((td, "out", MULTICAST[fam], req, None))
            discoveries.append((td, fam, token))

    for s in range(n_sensors):
        if families[s] == 4:
            peer = f"10.0.{s // 200}.{10 + s}:5683"
        else:
            peer = f"[fd00::{s + 1:x}]:5683"
        mid = int(r.integers(0, 40))  # sensor message IDs restart near 0 at boot
        counter_tokens = r.random() < 0.5  # tokens scoped to the peer: a counter 1, 2, 3, ...
        used = set()

        def new_token(counter_tokens=counter_tokens, used=used):
            if counter_tokens:
                return bytes([len(used) + 1])
            while True:
                t = r.integers(0, 256, size=int(r.integers(1, 8)), dtype=np.uint8).tobytes()
                if t not in used:
                    return t

        for td, fam, token in discoveries:
            if fam == families[s] and r.random() < 0.8:
                mid = (mid + 1) % 65536
                body = link_format(r)
                arrive = td + r.uniform(0.05, 5.0) + delay()
                events.append((arrive, "in", peer,
                               encode(NON, code_byte("2.05"), mid, token, [(12, uint(40))], body),
                               {"peer": peer, "path": "/.well-known/core", "code": "2.05",
                                "content_format": 40, "observe": None, "payload": body}))
        t = r.uniform(0, 20)
        for q in range(int(r.integers(2, 5))):  # requests, some of them Observe registrations
            t += r.uniform(0.5, 5)
            path = random_path(r)
            if r.random() < 0.25:  # a large representation, fetched block-wise (RFC 7959)
                t, mid = blockwise_get(r, events, peer, path, new_token, used, next_gw_mid, t,
                                       mid, delay)
                continue
            observe = r.random() < 0.6
            token = new_token()
            used.add(token)
            cf = int(r.choice([0, 50, 60, 11542]))
            req_opts = [(11, seg.encode()) for seg in path]
            if r.random() < 0.3:
                req_opts.append((15, ("id=" + "x" * int(r.integers(1, 300))).encode()))
            if r.random() < 0.3:
                req_opts.append((17, uint(cf)))
            req_mid = next_gw_mid()
            confirmable = r.random() < 0.8 or observe
            req = encode(CON if confirmable else NON, 1, req_mid, token,
                         req_opts + ([(6, b"")] if observe else []))
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
            # notifications, in the order the sensor sent them (that order is the truth). The
            # Observe number follows the sensor's clock: after the sensor slept for minutes, the
            # number can restart anywhere.
            tn, value = settled, seq
            n_notes = int(r.integers(15, 60))
            sleep_at = int(r.integers(3, n_notes - 3)) if r.random() < 0.3 else -1
            sent = []  # (send time, observe value, network delay)
            for k in range(1, n_notes):
                tn += r.uniform(0.3, 4)
                if k == sleep_at:
                    tn += r.uniform(135, 300)
                    value = (value - int(r.integers(1000, 2 ** 23 - 1))) % 2 ** 24
                else:
                    value = (value + 1 + int(r.integers(0, 3)) * (r.random() < 0.2)) % 2 ** 24
                sent.append((tn, value, delay()))
            cancel = None  # (sent, sensor stops, deregistration answer arrives)
            if r.random() < 0.4:  # the gateway deregisters (GET with Observe = 1)
                j = len(sent) - 1 - int(r.integers(0, 3))
                sent[j] = (sent[j][0], sent[j][1], r.uniform(1.5, 3.0))  # still in flight
                t_dereg = sent[j][0] + r.uniform(0.1, 0.5)
                t_stop = t_dereg + r.uniform(0.03, 0.3)
                t_answer = t_stop + r.uniform(0.03, 0.3)
                cancel = (t_dereg, t_stop, t_answer)
                sent = [n for n in sent if n[0] < t_stop]
            notes = []
            for k, (ts, val, dl) in enumerate(sent):
                if r.random() < 0.03:
                    continue  # lost in the network
                arrive = ts + dl
                stale = cancel is not None and arrive > cancel[2]
                if cancel is not None and cancel[0] - 0.02 < arrive <= cancel[2] + 0.02:
                    continue  # (arrivals while the deregistration is under way are left out)
                mid = (mid + 1) % 65536
                confirm = r.random() < 0.35
                opts = response_options(r, cf, val)
                body = payload_for(r, cf)
                raw = encode(CON if confirm else NON, code_byte("2.05"), mid, token, opts, body)
                notes.append((arrive, raw, None if stale else k, {
                    "peer": peer, "path": "/" + "/".join(path), "code": "2.05",
                    "content_format": cf, "observe": val, "payload": body}))
                if confirm and stale:  # the gateway rejects what it no longer observes
                    events.append((arrive + 0.01, "out", peer, encode(RST, 0, mid, b""), None))
                elif confirm:
                    events.append((arrive + 0.01, "out", peer, encode(ACK, 0, mid, b""), None))
                    if r.random() < 0.15:  # the ACK was lost: retransmission, same Message ID
                        notes.append((arrive + r.uniform(2, 4), raw, None, None))
                        events.append((notes[-1][0] + 0.01, "out", peer,
                                       encode(ACK, 0, mid, b""), None))
            latest = -1
            for arrive, raw, k, delivery in sorted(notes, key=lambda n: n[0]):
                fresh = k is not None and k > latest
                if fresh:
                    latest = k
                events.append((arrive, "in", peer, raw, delivery if fresh else None))
            tn = max(tn, sent[-1][0])
            if cancel is not None:
                dereg_mid = next_gw_mid()
                events.append((cancel[0], "out", peer,
                               encode(CON, 1, dereg_mid, token, req_opts + [(6, uint(1))]), None))
                opts = response_options(r, cf, None)
                body = payload_for(r, cf)
                events.append((cancel[2], "in", peer,
                               encode(ACK, code_byte("2.05"), dereg_mid, token, opts, body),
                               {"peer": peer, "path": "/" + "/".join(path), "code": "2.05",
                                "content_format": cf, "observe": None, "payload": body}))
                tn = max(tn, cancel[2] + 4.0)
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
