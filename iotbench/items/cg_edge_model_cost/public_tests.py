from candidate import model_cost


def test_conv_then_dense():
    cost = model_cost((4, 4, 1), [{"type": "conv2d", "filters": 2, "kernel": 3},
                                  {"type": "flatten"}, {"type": "dense", "units": 3}])
    assert [tuple(s) for s in cost["output_shapes"]] == [(2, 2, 2), (8,), (3,)]
    assert cost["macs"] == 2 * 2 * 2 * 9 + 8 * 3
    assert cost["params"] == 9 * 2 + 2 + 8 * 3 + 3
