import math

import pytest
from hypothesis import given, settings, strategies as st

from candidate import model_cost


KWS = [
    {"type": "conv2d", "filters": 8, "kernel": 3, "padding": "same"},
    {"type": "depthwise_conv2d", "kernel": 3, "stride": 2, "padding": "same"},
    {"type": "conv2d", "filters": 16, "kernel": 1},
    {"type": "maxpool2d", "pool": 2},
    {"type": "conv2d", "filters": 16, "kernel": 3, "stride": 2},
    {"type": "flatten"},
    {"type": "dense", "units": 10},
]


def test_small_cnn_known_totals():
    cost = model_cost((32, 32, 3), KWS)
    assert [tuple(s) for s in cost["output_shapes"]] == [
        (32, 32, 8), (16, 16, 8), (16, 16, 16), (8, 8, 16), (3, 3, 16), (144,), (10,)]
    # 32*32*8*27, 16*16*8*9, 16*16*16*8, 0, 3*3*16*9*16, 0, 144*10
    assert list(cost["layer_macs"]) == [221184, 18432, 32768, 0, 20736, 0, 1440]
    assert cost["macs"] == 294560
    # 216+8, 72+8, 128+16, 0, 2304+16, 0, 1440+10
    assert cost["params"] == 4218


def test_non_square_input_and_valid_padding():
    layers = [{"type": "conv2d", "filters": 4, "kernel": 3, "stride": 3},
              {"type": "avgpool2d", "pool": 2, "stride": 1}]
    cost = model_cost((10, 16, 2), layers)
    # floor((10-3)/3)+1 = 3, floor((16-3)/3)+1 = 5; then pool 2 stride 1 -> 2 x 4
    assert [tuple(s) for s in cost["output_shapes"]] == [(3, 5, 4), (2, 4, 4)]
    assert list(cost["layer_macs"]) == [3 * 5 * 4 * 9 * 2, 0]
    assert cost["params"] == 9 * 2 * 4 + 4


def test_same_padding_with_stride():
    cost = model_cost((10, 7, 1), [{"type": "conv2d", "filters": 2, "kernel": 5, "stride": 3,
                                    "padding": "same"}])
    assert tuple(cost["output_shapes"][0]) == (4, 3, 2)          # ceil(10/3), ceil(7/3)
    assert cost["macs"] == 4 * 3 * 2 * 25 * 1
    cost = model_cost((2, 2, 3), [{"type": "conv2d", "filters": 1, "kernel": 5,
                                   "padding": "same"}])          # kernel larger than input is fine
    assert tuple(cost["output_shapes"][0]) == (2, 2, 1)


def test_pool_default_stride_and_odd_sizes():
    cost = model_cost((7, 9, 5), [{"type": "maxpool2d", "pool": 3}])
    assert tuple(cost["output_shapes"][0]) == (2, 3, 5)          # floor(4/3)+1, floor(6/3)+1
    cost = model_cost((7, 9, 5), [{"type": "maxpool2d", "pool": 3, "stride": 2}])
    assert tuple(cost["output_shapes"][0]) == (3, 4, 5)
    assert cost["macs"] == 0 and cost["params"] == 0


def test_bias_flags_and_global_pool():
    layers = [{"type": "conv2d", "filters": 6, "kernel": 3, "bias": False},
              {"type": "depthwise_conv2d", "kernel": 3, "bias": False},
              {"type": "global_avgpool"},
              {"type": "dense", "units": 4, "bias": False},
              {"type": "dense", "units": 2}]
    cost = model_cost((8, 6, 2), layers)
    assert [tuple(s) for s in cost["output_shapes"]] == [(6, 4, 6), (4, 2, 6), (6,), (4,), (2,)]
    assert list(cost["layer_macs"]) == [6 * 4 * 6 * 9 * 2, 4 * 2 * 6 * 9, 0, 24, 8]
    assert cost["params"] == 9 * 2 * 6 + 9 * 6 + 24 + 8 + 2
    assert cost["macs"] == sum(cost["layer_macs"])


def test_depthwise_keeps_channels_and_empty_model():
    cost = model_cost((5, 5, 7), [{"type": "depthwise_conv2d", "kernel": 5}])
    assert tuple(cost["output_shapes"][0]) == (1, 1, 7)
    assert cost["macs"] == 7 * 25 and cost["params"] == 7 * 25 + 7
    cost = model_cost((5, 5, 7), [])
    assert cost["macs"] == 0 and cost["params"] == 0
    assert list(cost["output_shapes"]) == [] and list(cost["layer_macs"]) == []
    cost = model_cost([1, 1, 1], [{"type": "flatten"}, {"type": "dense", "units": 1}])
    assert cost["macs"] == 1 and cost["params"] == 2


@settings(max_examples=25, deadline=None, derandomize=True)
@given(h=st.integers(1, 40), w=st.integers(1, 40), c=st.integers(1, 8), f=st.integers(1, 8),
       k=st.integers(1, 5), s=st.integers(1, 3), same=st.booleans())
def test_conv_formula(h, w, c, f, k, s, same):
    layer = {"type": "conv2d", "filters": f, "kernel": k, "stride": s,
             "padding": "same" if same else "valid"}
    if same:
        ho, wo = math.ceil(h / s), math.ceil(w / s)
    else:
        ho, wo = (h - k) // s + 1, (w - k) // s + 1
    if ho < 1 or wo < 1:
        with pytest.raises(ValueError):
            model_cost((h, w, c), [layer])
        return
    cost = model_cost((h, w, c), [layer, {"type": "flatten"}, {"type": "dense", "units": 3}])
    assert tuple(cost["output_shapes"][0]) == (ho, wo, f)
    assert cost["macs"] == ho * wo * f * k * k * c + ho * wo * f * 3
    assert cost["params"] == k * k * c * f + f + ho * wo * f * 3 + 3


@pytest.mark.parametrize("shape, layers", [
    ((32, 32), []),
    ((32, 32, 0), []),
    ((32, 32, 3.0), []),
    ((8, 8, 3), [{"type": "lstm"}]),
    ((8, 8, 3), [{"filters": 4, "kernel": 3}]),
    ((8, 8, 3), [{"type": "conv2d", "filters": 4, "kernel": 3, "padding": "full"}]),
    ((8, 8, 3), [{"type": "conv2d", "filters": 0, "kernel": 3}]),
    ((8, 8, 3), [{"type": "conv2d", "filters": 4, "kernel": 0}]),
    ((8, 8, 3), [{"type": "conv2d", "filters": 4, "kernel": 3, "stride": 0}]),
    ((8, 8, 3), [{"type": "conv2d", "filters": 4, "kernel": 2.5}]),
    ((8, 8, 3), [{"type": "conv2d", "kernel": 3}]),
    ((8, 8, 3), [{"type": "conv2d", "filters": 4, "kernel": 9}]),
    ((8, 8, 3), [{"type": "depthwise_conv2d", "kernel": 9}]),
    ((8, 8, 3), [{"type": "depthwise_conv2d", "kernel": 3, "padding": "causal"}]),
    ((8, 3, 3), [{"type": "maxpool2d", "pool": 4}]),
    ((8, 8, 3), [{"type": "maxpool2d", "pool": 2, "stride": -1}]),
    ((8, 8, 3), [{"type": "dense", "units": 4}]),
    ((8, 8, 3), [{"type": "flatten"}, {"type": "flatten"}]),
    ((8, 8, 3), [{"type": "flatten"}, {"type": "conv2d", "filters": 1, "kernel": 1}]),
    ((8, 8, 3), [{"type": "flatten"}, {"type": "depthwise_conv2d", "kernel": 1}]),
    ((8, 8, 3), [{"type": "global_avgpool"}, {"type": "global_avgpool"}]),
    ((8, 8, 3), [{"type": "global_avgpool"}, {"type": "avgpool2d", "pool": 1}]),
    ((8, 8, 3), [{"type": "flatten"}, {"type": "dense", "units": 0}]),
])
def test_invalid_input_raises(shape, layers):
    with pytest.raises(ValueError):
        model_cost(shape, layers)
