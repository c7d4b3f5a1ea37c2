import pytest

from candidate import lora_packet_cost


def test_sf9_small_packet():
    c = lora_packet_cost(10, 9)
    # t_sym = 4.096 ms; (80 - 36 + 44) / 36 = 2.44 -> 3 * 5 = 15 -> 23 payload symbols
    assert c["payload_symbols"] == 23
    assert c["time_on_air_s"] == pytest.approx((12.25 + 23) * 0.004096)
