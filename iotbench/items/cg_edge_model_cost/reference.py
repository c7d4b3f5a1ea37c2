"""Reference solution for cg_edge_model_cost."""

import math


def _positive(layer, key, default=None):
    value = layer.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{key} must be a positive integer")
    return value


def _spatial(shape, k, s, padding):
    if len(shape) != 3:
        raise ValueError("this layer needs an (H, W, C) input")
    if padding == "valid":
        ho, wo = (shape[0] - k) // s + 1, (shape[1] - k) // s + 1
    elif padding == "same":
        ho, wo = math.ceil(shape[0] / s), math.ceil(shape[1] / s)
    else:
        raise ValueError("padding must be 'valid' or 'same'")
    if ho < 1 or wo < 1:
        raise ValueError("output would be empty")
    return ho, wo


def _conv(shape, layer):
    f, k = _positive(layer, "filters"), _positive(layer, "kernel")
    ho, wo = _spatial(shape, k, _positive(layer, "stride", 1), layer.get("padding", "valid"))
    c = shape[2]
    params = k * k * c * f + (f if layer.get("bias", True) else 0)
    return (ho, wo, f), ho * wo * f * k * k * c, params


def _depthwise(shape, layer):
    k = _positive(layer, "kernel")
    ho, wo = _spatial(shape, k, _positive(layer, "stride", 1), layer.get("padding", "valid"))
    c = shape[2]
    params = k * k * c + (c if layer.get("bias", True) else 0)
    return (ho, wo, c), ho * wo * c * k * k, params


def _pool(shape, layer):
    k = _positive(layer, "pool")
    ho, wo = _spatial(shape, k, _positive(layer, "stride", k), "valid")
    return (ho, wo, shape[2]), 0, 0


def _global_pool(shape, layer):
    if len(shape) != 3:
        raise ValueError("global_avgpool needs an (H, W, C) input")
    return (shape[2],), 0, 0


def _flatten(shape, layer):
    if len(shape) != 3:
        raise ValueError("flatten needs an (H, W, C) input")
    return (shape[0] * shape[1] * shape[2],), 0, 0


def _dense(shape, layer):
    if len(shape) != 1:
        raise ValueError("dense needs a vector input")
    u = _positive(layer, "units")
    return (u,), shape[0] * u, shape[0] * u + (u if layer.get("bias", True) else 0)


LAYERS = {"conv2d": _conv, "depthwise_conv2d": _depthwise, "maxpool2d": _pool,
          "avgpool2d": _pool, "global_avgpool": _global_pool, "flatten": _flatten,
          "dense": _dense}


def model_cost(input_shape, layers):
    """Per-layer output shapes and MACs, and total MACs and parameters of a layer list."""
    shape = tuple(input_shape)
    if len(shape) != 3 or any(isinstance(d, bool) or not isinstance(d, int) or d < 1
                              for d in shape):
        raise ValueError("input_shape must be three positive integers (H, W, C)")
    shapes, layer_macs, params = [], [], 0
    for layer in layers:
        handler = LAYERS.get(layer.get("type"))
        if handler is None:
            raise ValueError(f"unknown layer type {layer.get('type')!r}")
        shape, macs, n_params = handler(shape, layer)
        shapes.append(shape)
        layer_macs.append(macs)
        params += n_params
    return {"macs": sum(layer_macs), "params": params, "output_shapes": shapes,
            "layer_macs": layer_macs}
