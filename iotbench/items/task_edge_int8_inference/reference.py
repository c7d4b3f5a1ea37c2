"""Post-training int8 quantization with cross-layer equalization (data-free, after Nagel et
al., "Data-Free Quantization Through Weight Equalization and Bias Correction", 2019): since
ReLU(s*x) = s*ReLU(x) for s > 0, every hidden channel can be divided by s in its own layer and
multiplied by s in the next one without changing the float function. Choosing s so that the
channel's weight ranges in both layers become equal removes the folded-batch-norm outlier
channels that would otherwise set the per-tensor activation scale. Then per-channel symmetric
weights, ReLU-aware asymmetric activations calibrated on the given samples, int32 biases."""
import numpy as np


def _equalize(weights, biases, rounds=10):
    w = [np.array(x, dtype=float) for x in weights]
    b = [np.array(x, dtype=float) for x in biases]
    for _ in range(rounds):
        for i in range(len(w) - 1):
            r1 = np.abs(w[i]).max(axis=1)  # output-channel range in layer i
            r2 = np.abs(w[i + 1]).max(axis=0)  # input-channel range in layer i + 1
            ok = (r1 > 0) & (r2 > 0)
            s = np.ones_like(r1)
            s[ok] = np.sqrt(r1[ok] / r2[ok])
            w[i] /= s[:, None]
            b[i] /= s
            w[i + 1] *= s[None, :]
    return w, b


def quantize_mlp(weights, biases, calib_x):
    if len(weights) != len(biases) or not weights:
        raise ValueError("one bias vector per weight matrix is required")
    for k, (w, bias) in enumerate(zip(weights, biases)):
        w, bias = np.asarray(w), np.asarray(bias)
        if w.ndim != 2 or bias.shape != (w.shape[0],):
            raise ValueError(f"layer {k}: inconsistent shapes")
        if k and w.shape[1] != np.asarray(weights[k - 1]).shape[0]:
            raise ValueError(f"layer {k}: input size does not match the previous layer")
    x = np.asarray(calib_x, dtype=float)
    w, b = _equalize(weights, biases)

    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
    s_in = max(hi - lo, 1e-12) / 255.0
    z_in = int(np.clip(round(-128 - lo / s_in), -128, 127))
    model = {"input_scale": float(s_in), "input_zero_point": z_in, "layers": []}
    h = x
    for i, (wi, bi) in enumerate(zip(w, b)):
        w_scale = np.maximum(np.abs(wi).max(axis=1), 1e-12) / 127.0
        wq = np.clip(np.round(wi / w_scale[:, None]), -127, 127).astype(np.int8)
        bq = np.round(bi / (s_in * w_scale)).astype(np.int64)
        layer = {"w": wq, "w_scale": w_scale, "b": np.clip(bq, -2 ** 31 + 1, 2 ** 31 - 1)
                 .astype(np.int32)}
        h = h @ wi.T + bi
        if i < len(w) - 1:
            h = np.maximum(h, 0)
            s_out = max(h.max(), 1e-12) / 255.0  # ReLU output: [0, max] on the full int8 range
            layer["out_scale"] = float(s_out)
            layer["out_zero_point"] = -128
            s_in = s_out
        model["layers"].append(layer)
    return model
