import numpy as np


def quantize_mlp(weights, biases, calib_x):
    if len(weights) != len(biases):
        raise ValueError("weights and biases must have the same number of layers")
    x = np.asarray(calib_x, dtype=np.float64)
    # input: asymmetric int8 from the calibration range
    x_min, x_max = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    in_scale = (x_max - x_min) / 255.0 or 1.0
    in_zp = int(np.clip(np.round(-128 - x_min / in_scale), -128, 127))
    model = {"input_scale": in_scale, "input_zero_point": in_zp, "layers": []}
    act = x
    scale_in = in_scale
    for i, (w, b) in enumerate(zip(weights, biases)):
        w = np.asarray(w, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
        # symmetric per-output-channel weight scales
        w_scale = np.abs(w).max(axis=1) / 127.0
        w_scale[w_scale == 0] = 1.0
        w_q = np.clip(np.round(w / w_scale[:, None]), -127, 127).astype(np.int8)
        b_q = np.round(b / (scale_in * w_scale)).astype(np.int32)
        layer = {"w": w_q, "w_scale": w_scale, "b": b_q}
        act = act @ w.T + b
        if i < len(weights) - 1:
            act = np.maximum(act, 0.0)
            # clip rare large activations: 99.9th percentile instead of the maximum
            out_scale = float(np.percentile(act, 99.9)) / 255.0 or 1.0
            layer["out_scale"] = out_scale
            layer["out_zero_point"] = -128  # ReLU output: use the whole int8 range for [0, max]
            scale_in = out_scale
        model["layers"].append(layer)
    return model
