import math

import pytest
from hypothesis import given, settings, strategies as st

from candidate import lora_packet_cost


def oracle(pl, sf, bw=125000.0, cr=1, pre=8, explicit=True, crc=True, ldro=None, i=40.0, v=3.3,
           duty=0.01):
    t = 2 ** sf / bw
    de = (1 if t > 0.016 else 0) if ldro is None else int(bool(ldro))
    num = 8 * pl - 4 * sf + 28 + 16 * int(crc) - 20 * (0 if explicit else 1)
    n = 8 + max(math.ceil(num / (4 * (sf - 2 * de))) * (cr + 4), 0)
    toa = (pre + 4.25) * t + n * t
    return toa, n, v * i * toa, math.floor(3600 * duty / toa)


def test_sf7_twenty_bytes():
    c = lora_packet_cost(20, 7)
    # t_sym 1.024 ms; (160 - 28 + 28 + 16) / 28 = 6.29 -> 7 * 5 = 35 -> 43 symbols
    assert c["payload_symbols"] == 43
    assert c["time_on_air_s"] == pytest.approx(0.056576, rel=1e-9)     # 12.544 + 44.032 ms
    assert c["energy_mj"] == pytest.approx(3.3 * 40 * 0.056576, rel=1e-9)
    assert c["max_packets_per_hour"] == 636                           # floor(36 / 0.056576)


def test_sf12_uses_low_data_rate_optimisation():
    c = lora_packet_cost(20, 12)
    # t_sym 32.768 ms > 16 ms -> de = 1: (160 - 48 + 44) / 40 = 3.9 -> 4 * 5 = 20 -> 28 symbols
    assert c["payload_symbols"] == 28
    assert c["time_on_air_s"] == pytest.approx(1.318912, rel=1e-9)
    assert c["max_packets_per_hour"] == 27
    forced_off = lora_packet_cost(20, 12, low_data_rate_optimize=False)   # / 48 -> 4 -> 28
    assert forced_off["payload_symbols"] == 28
    forced_off = lora_packet_cost(51, 12, low_data_rate_optimize=False)   # 404/48 = 8.4 -> 9
    assert forced_off["payload_symbols"] == 8 + 9 * 5
    auto = lora_packet_cost(51, 12)                                       # 404/40 = 10.1 -> 11
    assert auto["payload_symbols"] == 8 + 11 * 5


def test_sf11_threshold_and_sf10():
    # SF11 at 125 kHz: t_sym 16.384 ms > 16 ms -> de = 1; SF10: 8.192 ms -> de = 0
    c = lora_packet_cost(10, 11)
    assert c["payload_symbols"] == oracle(10, 11)[1]
    assert c["payload_symbols"] == 8 + math.ceil((80 - 44 + 44) / 36) * 5       # 3 -> 23
    c = lora_packet_cost(10, 10)
    assert c["payload_symbols"] == 8 + math.ceil((80 - 40 + 44) / 40) * 5       # 3 -> 23
    # SF12 at 500 kHz: t_sym 8.192 ms -> no optimisation
    c = lora_packet_cost(10, 12, bandwidth_hz=500000.0)
    assert c["payload_symbols"] == 8 + math.ceil((80 - 48 + 44) / 48) * 5       # 2 -> 18
    # SF8 at 7.8 kHz: t_sym 32.8 ms -> optimisation on
    c = lora_packet_cost(10, 8, bandwidth_hz=7800.0)
    assert c["payload_symbols"] == 8 + math.ceil((80 - 32 + 44) / 24) * 5       # 4 -> 28
    # exactly 16 ms is not above the threshold: SF7 at 8 kHz
    c = lora_packet_cost(10, 7, bandwidth_hz=8000.0)
    assert c["payload_symbols"] == 8 + math.ceil((80 - 28 + 44) / 28) * 5       # 4 -> 28
    c = lora_packet_cost(10, 7, bandwidth_hz=8000.0, low_data_rate_optimize=True)
    assert c["payload_symbols"] == 8 + math.ceil((80 - 28 + 44) / 20) * 5       # 5 -> 33


def test_exact_division_is_not_rounded_up():
    c = lora_packet_cost(5, 7)              # 40 - 28 + 28 + 16 = 56 = 2 * 28 exactly -> 2 * 5
    assert c["payload_symbols"] == 18
    c = lora_packet_cost(15, 12)            # 120 - 48 + 44 = 116 / 40 = 2.9 -> 3 * 5
    assert c["payload_symbols"] == 23
    c = lora_packet_cost(16, 12)            # 128 - 48 + 44 = 124 / 40 = 3.1 -> 4 * 5
    assert c["payload_symbols"] == 28


def test_header_crc_and_coding_rate():
    c = lora_packet_cost(0, 12, explicit_header=False, crc=False)
    # 0 - 48 + 28 - 20 = -40 -> ceil(-1) * 5 < 0 -> clamped: 8 symbols
    assert c["payload_symbols"] == 8
    assert c["time_on_air_s"] == pytest.approx((12.25 + 8) * 0.032768, rel=1e-9)
    c = lora_packet_cost(12, 9, coding_rate=4, explicit_header=False)
    # 96 - 36 + 28 + 16 - 20 = 84 / 36 = 2.33 -> 3 * 8 = 24
    assert c["payload_symbols"] == 32
    c = lora_packet_cost(12, 9, coding_rate=2, crc=False)       # 96 - 36 + 28 = 88/36 -> 3 * 6
    assert c["payload_symbols"] == 26
    c = lora_packet_cost(255, 6, preamble_symbols=0, coding_rate=3)
    want = oracle(255, 6, cr=3, pre=0)
    assert c["payload_symbols"] == want[1]
    assert c["time_on_air_s"] == pytest.approx(want[0], rel=1e-12)


def test_energy_and_duty_cycle_options():
    c = lora_packet_cost(30, 9, tx_current_ma=120.0, supply_v=3.0, duty_cycle=0.1,
                         preamble_symbols=16)
    toa = oracle(30, 9, pre=16)[0]
    assert c["time_on_air_s"] == pytest.approx(toa, rel=1e-12)
    assert c["energy_mj"] == pytest.approx(360.0 * toa, rel=1e-12)
    assert c["max_packets_per_hour"] == math.floor(360.0 / toa)
    c = lora_packet_cost(30, 9, tx_current_ma=0.0, duty_cycle=1.0)
    assert c["energy_mj"] == 0.0
    assert c["max_packets_per_hour"] == math.floor(3600 / oracle(30, 9)[0])
    c = lora_packet_cost(30, 9, supply_v=0.0)
    assert c["energy_mj"] == 0.0 and c["time_on_air_s"] > 0


@settings(max_examples=25, deadline=None, derandomize=True)
@given(pl=st.integers(0, 255), sf=st.integers(7, 12), bw=st.sampled_from([125e3, 250e3, 500e3]),
       cr=st.integers(1, 4), pre=st.integers(0, 20), explicit=st.booleans(), crc=st.booleans(),
       ldro=st.sampled_from([None, True, False]))
def test_matches_formula(pl, sf, bw, cr, pre, explicit, crc, ldro):
    c = lora_packet_cost(pl, sf, bandwidth_hz=bw, coding_rate=cr, preamble_symbols=pre,
                         explicit_header=explicit, crc=crc, low_data_rate_optimize=ldro)
    toa, n, e, k = oracle(pl, sf, bw, cr, pre, explicit, crc, ldro)
    assert c["payload_symbols"] == n
    assert c["time_on_air_s"] == pytest.approx(toa, rel=1e-12)
    assert c["energy_mj"] == pytest.approx(e, rel=1e-12)
    assert c["max_packets_per_hour"] == k


@pytest.mark.parametrize("kwargs", [
    dict(payload_bytes=-1, sf=7), dict(payload_bytes=256, sf=7),
    dict(payload_bytes=10, sf=5), dict(payload_bytes=10, sf=13),
    dict(payload_bytes=10, sf=7, bandwidth_hz=0.0),
    dict(payload_bytes=10, sf=7, coding_rate=0), dict(payload_bytes=10, sf=7, coding_rate=5),
    dict(payload_bytes=10, sf=7, preamble_symbols=-1),
    dict(payload_bytes=10, sf=7, tx_current_ma=-1.0), dict(payload_bytes=10, sf=7, supply_v=-3.3),
    dict(payload_bytes=10, sf=7, duty_cycle=0.0), dict(payload_bytes=10, sf=7, duty_cycle=1.5),
])
def test_invalid_input_raises(kwargs):
    with pytest.raises(ValueError):
        lora_packet_cost(**kwargs)
