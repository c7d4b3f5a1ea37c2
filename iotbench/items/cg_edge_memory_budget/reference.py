"""Reference solution for cg_edge_memory_budget."""

import math


def _check(value, low, high=None):
    if value < low or (high is not None and value > high):
        raise ValueError(f"value {value!r} out of range")
    return value


def deployment_fit(layers, flash_bytes, ram_bytes, runtime_flash_bytes=0, runtime_ram_bytes=0,
                   align=4):
    """Flash for aligned weight blobs, peak RAM for one layer's input plus output buffers."""
    if not layers:
        raise ValueError("no layers given")
    for budget in (flash_bytes, ram_bytes, runtime_flash_bytes, runtime_ram_bytes):
        _check(budget, 0)
    _check(align, 1)
    flash = runtime_flash_bytes
    peak, peak_layer = -1, None
    for layer in layers:
        params = _check(layer["params"], 0)
        wbits = _check(layer["weight_bits"], 1, 32)
        abits = _check(layer.get("act_bits", 8), 1, 32)
        n_in, n_out = _check(layer["input_elems"], 1), _check(layer["output_elems"], 1)
        blob = math.ceil(params * wbits / 8)
        flash += math.ceil(blob / align) * align
        activations = math.ceil(n_in * abits / 8) + math.ceil(n_out * abits / 8)
        if activations > peak:                 # first layer wins ties
            peak, peak_layer = activations, layer["name"]
    ram = runtime_ram_bytes + peak
    return {"flash_used": flash, "ram_peak": ram, "flash_headroom": flash_bytes - flash,
            "ram_headroom": ram_bytes - ram, "peak_layer": peak_layer,
            "fits": flash <= flash_bytes and ram <= ram_bytes}
