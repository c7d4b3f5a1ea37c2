"""Reference solution for cg_energy_lora_airtime."""

import math


def lora_packet_cost(payload_bytes, sf, bandwidth_hz=125000.0, coding_rate=1, preamble_symbols=8,
                     explicit_header=True, crc=True, low_data_rate_optimize=None,
                     tx_current_ma=40.0, supply_v=3.3, duty_cycle=0.01):
    """LoRa time on air (preamble + payload symbols), TX energy and duty-cycle packet budget."""
    if not 0 <= payload_bytes <= 255 or not 6 <= sf <= 12 or not 1 <= coding_rate <= 4:
        raise ValueError("payload_bytes, sf or coding_rate out of range")
    if bandwidth_hz <= 0 or preamble_symbols < 0 or tx_current_ma < 0 or supply_v < 0:
        raise ValueError("bandwidth, preamble, current and voltage must be in range")
    if not 0 < duty_cycle <= 1:
        raise ValueError("duty_cycle must be in (0, 1]")
    t_sym = 2 ** sf / bandwidth_hz
    if low_data_rate_optimize is None:
        de = 1 if t_sym > 0.016 else 0
    else:
        de = 1 if low_data_rate_optimize else 0
    ih = 0 if explicit_header else 1
    crc_on = 1 if crc else 0
    numerator = 8 * payload_bytes - 4 * sf + 28 + 16 * crc_on - 20 * ih
    n_pay = 8 + max(math.ceil(numerator / (4 * (sf - 2 * de))) * (coding_rate + 4), 0)
    toa = (preamble_symbols + 4.25) * t_sym + n_pay * t_sym
    return {"time_on_air_s": toa, "payload_symbols": n_pay,
            "energy_mj": supply_v * tx_current_ma * toa,
            "max_packets_per_hour": math.floor(3600 * duty_cycle / toa)}
