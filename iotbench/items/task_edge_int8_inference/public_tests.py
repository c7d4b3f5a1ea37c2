import numpy as np

from candidate import quantize_mlp


def _run(q, x):
    s, z = q["input_scale"], q["input_zero_point"]
    a = np.clip(np.round(x / s) + z, -128, 127).astype(np.int64)
    for i, layer in enumerate(q["layers"]):
        acc = (a - z) @ np.asarray(layer["w"]).astype(np.int64).T + np.asarray(layer["b"])
        ws = np.asarray(layer["w_scale"], dtype=float)
        if i == len(q["layers"]) - 1:
            return acc * s * ws
        so, zo = layer["out_scale"], layer["out_zero_point"]
        a = np.clip(np.round(acc * s * ws / so) + zo, zo, 127).astype(np.int64)
        s, z = so, zo


def test_tiny_network():
    r = np.random.default_rng(0)
    w0, b0 = r.normal(size=(8, 4)), r.normal(size=8) * 0.1
    w1, b1 = r.normal(size=(3, 8)), r.normal(size=3) * 0.1
    x = r.normal(size=(500, 4))
    q = quantize_mlp([w0, w1], [b0, b1], x)
    ref = (np.maximum(x @ w0.T + b0, 0) @ w1.T + b1).argmax(1)
    assert (_run(q, x).argmax(1) == ref).mean() > 0.95
