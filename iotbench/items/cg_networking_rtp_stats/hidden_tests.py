import pytest
from hypothesis import given, settings, strategies as st

from candidate import rtp_stream_stats


def _stats(seq, ts, arr, rate):
    out = rtp_stream_stats(list(seq), list(ts), list(arr), rate)
    assert set(out) == {"received", "expected", "lost", "loss_fraction", "jitter_ts", "jitter_s"}
    return out


def test_perfect_stream_has_no_loss_and_no_jitter():
    n = 50
    out = _stats(range(1000, 1000 + n), [160 * k for k in range(n)],
                 [0.02 * k for k in range(n)], 8000)
    assert out["received"] == n and out["expected"] == n and out["lost"] == 0
    assert out["loss_fraction"] == 0.0
    assert out["jitter_ts"] == pytest.approx(0.0, abs=1e-6)


def test_hand_computed_jitter():
    # one packet arrives 10 ms late: D = +80 then -80 timestamp units
    seq = [1, 2, 3, 4]
    ts = [0, 160, 320, 480]
    arr = [0.0, 0.02, 0.05, 0.06]
    j1 = 0.0
    j2 = j1 + (80 - j1) / 16
    j3 = j2 + (80 - j2) / 16
    out = _stats(seq, ts, arr, 8000)
    assert out["jitter_ts"] == pytest.approx(j3, abs=1e-9)
    assert out["jitter_s"] == pytest.approx(j3 / 8000, abs=1e-12)


def test_loss_counting():
    seq = [10, 11, 13, 14, 17]
    out = _stats(seq, [0] * 5, [0.0] * 5, 8000)
    assert out["expected"] == 8 and out["received"] == 5 and out["lost"] == 3
    assert out["loss_fraction"] == pytest.approx(3 / 8)


def test_sequence_wraparound():
    seq = [65533, 65534, 65535, 0, 2, 3]
    out = _stats(seq, [0] * 6, [0.0] * 6, 90000)
    assert out["expected"] == 7 and out["lost"] == 1


def test_reordering_and_duplicates():
    seq = [100, 102, 101, 103, 103, 99]
    out = _stats(seq, [0] * 6, [0.0] * 6, 8000)
    assert out["expected"] == 5 and out["received"] == 6 and out["lost"] == -1
    assert out["loss_fraction"] == 0.0
    # reordering across the wrap: 0 arrives before 65535
    out = _stats([65534, 0, 65535, 1], [0] * 4, [0.0] * 4, 8000)
    assert out["expected"] == 4 and out["lost"] == 0


def test_half_range_tie_goes_backwards():
    # delta of exactly 32768 maps to -32768
    out = _stats([0, 32768], [0, 0], [0.0, 0.0], 8000)
    assert out["expected"] == 32769 and out["lost"] == 32767
    out = _stats([0, 32767], [0, 0], [0.0, 0.0], 8000)
    assert out["expected"] == 32768
    out = _stats([0, 32768, 1], [0] * 3, [0.0] * 3, 8000)
    assert out["expected"] == 32770


def test_large_forward_steps_follow_the_first_packet():
    out = _stats([0, 20000, 40000], [0] * 3, [0.0] * 3, 8000)
    assert out["expected"] == 40001 and out["lost"] == 39998


def test_timestamp_wraparound_and_reordered_jitter():
    ts = [2**32 - 160, 0, 160]
    arr = [0.0, 0.02, 0.04]
    out = _stats([1, 2, 3], ts, arr, 8000)
    assert out["jitter_ts"] == pytest.approx(0.0, abs=1e-6)
    # packet 3 arrives before packet 2: differences are taken in arrival order
    out = _stats([1, 3, 2], [0, 320, 160], [0.0, 0.04, 0.041], 8000)
    d1 = 0.04 * 8000 - 320
    d2 = 0.001 * 8000 - (-160)
    j = (abs(d1) - 0) / 16
    j = j + (abs(d2) - j) / 16
    assert out["jitter_ts"] == pytest.approx(j, abs=1e-6)


def test_timestamp_half_range_is_negative():
    out = _stats([1, 2], [0, 2**31], [0.0, 1.0], 8000)
    assert out["jitter_ts"] == pytest.approx((8000 + 2**31) / 16, rel=1e-12)
    out = _stats([1, 2], [0, 2**31 - 1], [0.0, 1.0], 8000)
    assert out["jitter_ts"] == pytest.approx((2**31 - 1 - 8000) / 16, rel=1e-12)


def test_unit_clock_rate():
    out = _stats([1, 2, 3], [0, 1, 2], [0.0, 1.0, 5.0], 1.0)
    assert out["jitter_ts"] == pytest.approx(3 / 16, abs=1e-12)
    assert out["jitter_s"] == pytest.approx(out["jitter_ts"], abs=1e-12)


def test_single_packet_and_clock_rate():
    out = _stats([5], [1234], [3.0], 48000)
    assert out == {"received": 1, "expected": 1, "lost": 0, "loss_fraction": 0.0,
                   "jitter_ts": 0.0, "jitter_s": 0.0}
    out = _stats([1, 2], [0, 900], [0.0, 0.02], 90000)
    assert out["jitter_ts"] == pytest.approx(900 / 16, abs=1e-6)
    assert out["jitter_s"] == pytest.approx(900 / 16 / 90000, abs=1e-12)


@pytest.mark.parametrize("args", [
    ([], [], [], 8000), ([1, 2], [0], [0.0, 0.1], 8000), ([1, 2], [0, 1], [0.0], 8000),
    ([1], [0], [0.0], 0), ([1], [0], [0.0], -8000), ([65536], [0], [0.0], 8000),
    ([-1], [0], [0.0], 8000), ([1], [2**32], [0.0], 8000), ([1], [-1], [0.0], 8000),
])
def test_invalid_raises(args):
    with pytest.raises(ValueError):
        rtp_stream_stats(*args)


def test_range_bounds_valid():
    out = _stats([65535, 0], [2**32 - 1, 0], [0.0, 0.0], 8000)
    assert out["expected"] == 2
    assert out["jitter_ts"] == pytest.approx(1 / 16, abs=1e-9)


def _oracle(seq, ts, arr, rate):
    ext = [seq[0]]
    hi = seq[0]
    for s in seq[1:]:
        cands = [hi - (hi % 65536) + s + 65536 * k for k in (-1, 0, 1)]
        e = min(cands, key=lambda c: (abs(c - hi), c))
        if e - hi == 32768:
            e -= 65536
        ext.append(e)
        hi = max(hi, e)
    exp = max(ext) - min(ext) + 1
    j = 0.0
    for k in range(1, len(seq)):
        dt = (ts[k] - ts[k - 1]) % 2**32
        if dt >= 2**31:
            dt -= 2**32
        j += (abs((arr[k] - arr[k - 1]) * rate - dt) - j) / 16
    return exp, j


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 65535), st.integers(0, 2**32 - 1),
       st.lists(st.tuples(st.integers(-3, 6), st.floats(0.0, 0.05)), min_size=1, max_size=40))
def test_matches_oracle(start, ts0, steps):
    seq, ts, arr = [], [], []
    s, t, a = start, ts0, 0.0
    for ds, da in steps:
        s, t, a = (s + ds) % 65536, (t + 160 * ds) % 2**32, a + da
        seq.append(s)
        ts.append(t)
        arr.append(a)
    out = _stats(seq, ts, arr, 8000)
    exp, j = _oracle(seq, ts, arr, 8000)
    assert out["expected"] == exp
    assert out["lost"] == exp - len(seq)
    assert out["jitter_ts"] == pytest.approx(j, rel=1e-9, abs=1e-6)
