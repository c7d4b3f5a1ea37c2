"""Reference solution for cg_edge_magnitude_pruning."""

import numpy as np


def global_magnitude_prune(weights, sparsity):
    """Zero the round(sparsity * N) smallest-magnitude weights over all layers (stable ties)."""
    layers = [np.asarray(w, dtype=np.float64) for w in weights]
    if not layers:
        raise ValueError("no layers given")
    for layer in layers:
        if layer.size == 0 or not np.all(np.isfinite(layer)):
            raise ValueError("every layer needs finite weights")
    if not 0.0 <= sparsity <= 1.0:
        raise ValueError("sparsity must be in [0, 1]")
    flat = np.concatenate([np.abs(layer).ravel() for layer in layers])
    k = round(sparsity * flat.size)
    keep = np.ones(flat.size, dtype=bool)
    keep[np.argsort(flat, kind="stable")[:k]] = False   # stable sort: earlier position wins ties

    pruned, masks, layer_sparsity = [], [], []
    start = 0
    for layer in layers:
        mask = keep[start:start + layer.size].reshape(layer.shape)
        start += layer.size
        pruned.append(np.where(mask, layer, 0.0))
        masks.append(mask)
        layer_sparsity.append(float(np.count_nonzero(~mask)) / layer.size)
    return pruned, masks, layer_sparsity
