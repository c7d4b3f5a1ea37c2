"""Hidden tests: int8 quantization of a small float MLP for a microcontroller runtime.

Each network is built from the run's data seed (IOTBENCH_DATA_SEED) like a small trained
classifier of machine states from vibration features: inputs are clustered feature vectors,
1-2 ReLU hidden layers of random features and a least-squares readout fitted to the classes.
Batch-norm folding is then simulated: per-channel gains spread the weight-row ranges over an
order of magnitude, and 1-4 channels of each hidden layer are scaled up 15-60x while the next
layer compensates, so the float function is unchanged but those channels' activations are
tens of times larger than the rest. The candidate's quantized model is run by the integer
engine the prompt defines, on fresh inputs from the same distribution, and its classes must
agree with the float network's on at least 99 % of them.
"""

import os

import numpy as np
import pytest

from candidate import quantize_mlp

SEED = int(os.environ.get("IOTBENCH_DATA_SEED", "0"))


def rng(stream):
    return np.random.default_rng([SEED, stream])


def make_network(r, outliers=True):
    n_in = int(r.choice([12, 16, 24, 32]))
    hidden = [int(r.choice([32, 48, 64]))]
    if r.random() < 0.7:
        hidden.append(int(r.choice([32, 48])))
    n_out = int(r.choice([4, 5, 6]))
    centers = r.normal(0, 1.0, (3 * n_out, n_in))
    labels = np.arange(3 * n_out) % n_out
    spread = r.uniform(0.3, 0.45)

    def sample(n):
        c = r.integers(0, len(centers), n)
        return centers[c] + r.normal(0, spread, (n, n_in)), labels[c]

    x, y = sample(5000)
    weights, biases = [], []
    h, width = x, n_in
    for size in hidden:
        w = r.normal(0, 1 / np.sqrt(width), (size, width))
        b = r.normal(0, 0.3, size)
        weights.append(w)
        biases.append(b)
        h = np.maximum(h @ w.T + b, 0)
        width = size
    design = np.c_[h, np.ones(len(h))]
    sol = np.linalg.solve(design.T @ design + 0.1 * np.eye(width + 1),
                          design.T @ np.eye(n_out)[y])
    weights.append(sol[:-1].T.copy())
    biases.append(sol[-1].copy())
    # batch-norm folding: channel gains, and a few hugely scaled channels per hidden layer
    for i in range(len(hidden)):
        gain = np.exp(r.normal(0, 1.0, hidden[i]))
        if outliers:
            idx = r.choice(hidden[i], int(r.integers(1, 5)), replace=False)
            gain[idx] *= r.uniform(15, 60, idx.size)
        weights[i] *= gain[:, None]
        biases[i] *= gain
        weights[i + 1] /= gain[None, :]
    return weights, biases, sample


def float_forward(weights, biases, x):
    h = x
    for i, (w, b) in enumerate(zip(weights, biases)):
        h = h @ w.T + b
        if i < len(weights) - 1:
            h = np.maximum(h, 0)
    return h


def check_model(q, weights):
    assert isinstance(q, dict) and len(q["layers"]) == len(weights)
    assert np.isfinite(q["input_scale"]) and q["input_scale"] > 0
    assert -128 <= int(q["input_zero_point"]) <= 127
    for i, (layer, w) in enumerate(zip(q["layers"], weights)):
        wq = np.asarray(layer["w"])
        assert wq.shape == w.shape, f"layer {i}: weight shape {wq.shape}, expected {w.shape}"
        assert np.issubdtype(wq.dtype, np.integer) and wq.min() >= -128 and wq.max() <= 127
        ws = np.broadcast_to(np.asarray(layer["w_scale"], dtype=float), (w.shape[0],))
        assert np.all(np.isfinite(ws)) and np.all(ws > 0)
        bq = np.asarray(layer["b"])
        assert bq.shape == (w.shape[0],) and np.issubdtype(bq.dtype, np.integer)
        assert np.abs(bq.astype(np.int64)).max() < 2 ** 31
        if i < len(weights) - 1:
            assert np.isfinite(layer["out_scale"]) and layer["out_scale"] > 0
            assert -128 <= int(layer["out_zero_point"]) <= 127


def int8_engine(q, x):
    """The runtime of the prompt: returns the last layer's dequantized outputs."""
    s, z = float(q["input_scale"]), int(q["input_zero_point"])
    a = np.clip(np.round(x / s) + z, -128, 127).astype(np.int64)
    layers = q["layers"]
    for i, layer in enumerate(layers):
        w = np.asarray(layer["w"]).astype(np.int64)
        acc = (a - z) @ w.T + np.asarray(layer["b"]).astype(np.int64)
        assert np.abs(acc).max() < 2 ** 31, f"layer {i}: int32 accumulator overflow"
        ws = np.broadcast_to(np.asarray(layer["w_scale"], dtype=float), (w.shape[0],))
        if i == len(layers) - 1:
            return acc * (s * ws)
        so, zo = float(layer["out_scale"]), int(layer["out_zero_point"])
        a = np.clip(np.round(acc * (s * ws / so)) + zo, zo, 127).astype(np.int64)
        s, z = so, zo


def agreement(r, outliers):
    weights, biases, sample = make_network(r, outliers)
    calib, _ = sample(1000)
    test, _ = sample(4000)
    w_in = [w.copy() for w in weights]
    b_in = [b.copy() for b in biases]
    q = quantize_mlp(w_in, b_in, calib.copy())
    check_model(q, weights)
    truth = float_forward(weights, biases, test).argmax(1)
    return float((int8_engine(q, test).argmax(1) == truth).mean())


@pytest.mark.parametrize("k", range(4))
def test_networks_with_outlier_channels(k):
    r = rng(1 + k)
    a = agreement(r, outliers=True)
    assert a >= 0.99, f"network {k}: int8 classes agree with float on {a:.2%} of inputs"


def test_network_without_outliers():
    r = rng(10)
    a = agreement(r, outliers=False)
    assert a >= 0.99, f"int8 classes agree with float on {a:.2%} of inputs"


def test_mismatched_layers_raise():
    r = rng(11)
    weights, biases, sample = make_network(r)
    with pytest.raises(ValueError):
        quantize_mlp(weights, biases[:-1], sample(100)[0])
