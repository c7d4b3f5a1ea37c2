import math

import pytest
from hypothesis import given, settings, strategies as st

from candidate import deployment_fit


def layer(name, params, wbits, n_in, n_out, abits=None):
    d = {"name": name, "params": params, "weight_bits": wbits, "input_elems": n_in,
         "output_elems": n_out}
    if abits is not None:
        d["act_bits"] = abits
    return d


KWS = [layer("conv1", 224, 8, 3072, 8192), layer("dw2", 80, 8, 8192, 2048),
       layer("pw3", 145, 8, 2048, 4096), layer("fc", 1450, 8, 144, 10)]


def test_keyword_spotting_model():
    r = deployment_fit(KWS, flash_bytes=4096, ram_bytes=12000, runtime_flash_bytes=2000,
                       runtime_ram_bytes=1000)
    # blobs 224, 80, 145 -> 148, 1450 -> 1452: 1904 + 2000 runtime
    assert r["flash_used"] == 3904 and r["flash_headroom"] == 192
    # activations 11264, 10240, 6144, 154 -> peak 11264 (conv1) + 1000
    assert r["ram_peak"] == 12264 and r["ram_headroom"] == -264
    assert r["peak_layer"] == "conv1"
    assert bool(r["fits"]) is False
    r = deployment_fit(KWS, flash_bytes=3904, ram_bytes=12264, runtime_flash_bytes=2000,
                       runtime_ram_bytes=1000)
    assert bool(r["fits"]) is True and r["flash_headroom"] == 0 and r["ram_headroom"] == 0
    r = deployment_fit(KWS, flash_bytes=3903, ram_bytes=12264, runtime_flash_bytes=2000,
                       runtime_ram_bytes=1000)
    assert bool(r["fits"]) is False


def test_sub_byte_weights_and_alignment():
    layers = [layer("a", 10, 4, 1, 1), layer("b", 3, 1, 1, 1), layer("c", 0, 8, 1, 1)]
    # a: ceil(40/8) = 5 -> 8; b: ceil(3/8) = 1 -> 4; c: 0 -> 0
    assert deployment_fit(layers, 100, 100)["flash_used"] == 12
    assert deployment_fit(layers, 100, 100, align=1)["flash_used"] == 6
    assert deployment_fit(layers, 100, 100, align=16)["flash_used"] == 32
    assert deployment_fit(layers, 100, 100, align=5)["flash_used"] == 10
    # 17 weights of 3 bits = 51 bits -> 7 bytes -> 8 with align 4
    assert deployment_fit([layer("q", 17, 3, 1, 1)], 100, 100)["flash_used"] == 8


def test_activation_bits_and_peak_ties():
    layers = [layer("x", 0, 8, 10, 10, abits=16), layer("y", 0, 8, 20, 20),
              layer("z", 0, 8, 7, 9, abits=4)]
    r = deployment_fit(layers, 0, 100)
    # x: 20 + 20 = 40, y: 20 + 20 = 40 (tie: first wins), z: 4 + 5 = 9
    assert r["ram_peak"] == 40 and r["peak_layer"] == "x"
    assert r["flash_used"] == 0 and bool(r["fits"]) is True
    r = deployment_fit([layer("odd", 0, 8, 3, 5, abits=3)], 0, 4)   # ceil(9/8) + ceil(15/8) = 4
    assert r["ram_peak"] == 4 and bool(r["fits"]) is True and r["ram_headroom"] == 0
    r = deployment_fit(layers[1:], 0, 39)
    assert r["peak_layer"] == "y" and bool(r["fits"]) is False and r["ram_headroom"] == -1


def test_default_runtime_sizes_are_zero():
    r = deployment_fit([layer("only", 8, 8, 4, 4)], 8, 8)
    assert r == {"flash_used": 8, "ram_peak": 8, "flash_headroom": 0, "ram_headroom": 0,
                 "peak_layer": "only", "fits": True}


@settings(max_examples=25, deadline=None, derandomize=True)
@given(specs=st.lists(st.tuples(st.integers(0, 5000), st.sampled_from([1, 2, 4, 8, 16, 32]),
                                st.integers(1, 5000), st.integers(1, 5000),
                                st.sampled_from([4, 8, 16])), min_size=1, max_size=6),
       align=st.integers(1, 16), flash=st.integers(0, 40000), ram=st.integers(0, 20000))
def test_matches_definition(specs, align, flash, ram):
    layers = [layer(f"l{i}", p, wb, ni, no, ab) for i, (p, wb, ni, no, ab) in enumerate(specs)]
    r = deployment_fit(layers, flash, ram, runtime_flash_bytes=100, runtime_ram_bytes=50,
                       align=align)
    f = 100 + sum(math.ceil(math.ceil(p * wb / 8) / align) * align for p, wb, _, _, _ in specs)
    acts = [math.ceil(ni * ab / 8) + math.ceil(no * ab / 8) for _, _, ni, no, ab in specs]
    assert r["flash_used"] == f and r["ram_peak"] == 50 + max(acts)
    assert r["peak_layer"] == f"l{acts.index(max(acts))}"
    assert bool(r["fits"]) == (f <= flash and 50 + max(acts) <= ram)
    assert r["flash_headroom"] == flash - f and r["ram_headroom"] == ram - 50 - max(acts)


@pytest.mark.parametrize("layers, kwargs", [
    ([], {}),
    ([layer("a", -1, 8, 1, 1)], {}),
    ([layer("a", 1, 0, 1, 1)], {}),
    ([layer("a", 1, 33, 1, 1)], {}),
    ([layer("a", 1, 8, 0, 1)], {}),
    ([layer("a", 1, 8, 1, 0)], {}),
    ([layer("a", 1, 8, 1, 1, abits=0)], {}),
    ([layer("a", 1, 8, 1, 1, abits=33)], {}),
    ([layer("a", 1, 8, 1, 1)], {"align": 0}),
    ([layer("a", 1, 8, 1, 1)], {"flash_bytes": -1}),
    ([layer("a", 1, 8, 1, 1)], {"ram_bytes": -1}),
    ([layer("a", 1, 8, 1, 1)], {"runtime_flash_bytes": -1}),
    ([layer("a", 1, 8, 1, 1)], {"runtime_ram_bytes": -1}),
])
def test_invalid_input_raises(layers, kwargs):
    args = {"flash_bytes": 1000, "ram_bytes": 1000, **kwargs}
    with pytest.raises(ValueError):
        deployment_fit(layers, **args)
