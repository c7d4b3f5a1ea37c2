import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import global_magnitude_prune


def oracle(weights, sparsity):
    entries = []
    for li, w in enumerate(weights):
        for pi, v in enumerate(np.asarray(w, dtype=float).ravel()):
            entries.append((abs(v), li, pi))
    k = round(sparsity * len(entries))
    cut = {(li, pi) for _, li, pi in sorted(entries)[:k]}
    masks = []
    for li, w in enumerate(weights):
        w = np.asarray(w)
        masks.append(np.array([(li, pi) not in cut for pi in range(w.size)]).reshape(w.shape))
    return masks


W = [np.array([0.5, -0.1, 0.3]), np.array([[-0.2, 0.05], [0.4, -0.3]])]   # N = 7


def test_half_sparsity_with_tie():
    pruned, masks, ls = global_magnitude_prune(W, 0.5)
    # k = round(3.5) = 4: 0.05, 0.1, 0.2, then the 0.3 tie goes to the earlier layer
    assert pruned[0].tolist() == [0.5, 0.0, 0.0]
    assert pruned[1].tolist() == [[0.0, 0.0], [0.4, -0.3]]
    assert masks[0].dtype == bool and masks[1].shape == (2, 2)
    assert masks[0].tolist() == [True, False, False]
    assert masks[1].tolist() == [[False, False], [True, True]]
    assert ls == pytest.approx([2 / 3, 0.5])
    assert pruned[0].dtype == np.float64


def test_rounding_of_k():
    _, masks, ls = global_magnitude_prune(W, 0.3)          # round(2.1) = 2: 0.05 and 0.1
    assert masks[0].tolist() == [True, False, True]
    assert masks[1].tolist() == [[True, False], [True, True]]
    _, masks, ls = global_magnitude_prune(W, 1 / 14)        # round(0.5) = 0
    assert all(m.all() for m in masks) and ls == [0.0, 0.0]
    _, masks, ls = global_magnitude_prune(W, 3 / 14)        # round(1.5) = 2
    assert sum(int((~m).sum()) for m in masks) == 2
    _, masks, ls = global_magnitude_prune(W, 5 / 14)        # round(2.5) = 2
    assert sum(int((~m).sum()) for m in masks) == 2
    _, masks, ls = global_magnitude_prune(W, 0.65)          # round(4.55) = 5: also the later 0.3
    assert masks[1].tolist() == [[False, False], [True, False]]
    assert ls == pytest.approx([2 / 3, 0.75])


def test_extremes_and_inputs_untouched():
    original = [w.copy() for w in W]
    pruned, masks, ls = global_magnitude_prune(W, 1.0)
    assert all(np.all(p == 0) for p in pruned) and ls == [1.0, 1.0]
    assert all(not m.any() for m in masks)
    pruned, masks, ls = global_magnitude_prune(W, 0.0)
    assert np.array_equal(pruned[1], W[1]) and ls == [0.0, 0.0]
    assert all(np.array_equal(a, b) for a, b in zip(W, original, strict=True))
    pruned[0][0] = 99.0
    assert W[0][0] == 0.5


def test_ties_within_a_layer_and_existing_zeros():
    w = [np.array([[1.0, -1.0, 1.0], [0.0, 2.0, -1.0]])]
    _, masks, _ = global_magnitude_prune(w, 0.5)            # k = 3: the 0, then the first two 1s
    assert masks[0].tolist() == [[False, False, True], [False, True, True]]
    layers = [np.array([3.0, 0.0]), np.array([0.0, -3.0]), np.array([0.0])]
    _, masks, ls = global_magnitude_prune(layers, 0.4)      # k = 2: first two zeros in order
    assert [m.tolist() for m in masks] == [[True, False], [False, True], [True]]
    assert ls == pytest.approx([0.5, 0.5, 0.0])


def test_integer_and_list_layers():
    pruned, _masks, ls = global_magnitude_prune([[4, -1, 2], np.array([3])], 0.5)   # k = 2
    assert pruned[0].tolist() == [4.0, 0.0, 0.0] and pruned[1].tolist() == [3.0]
    assert pruned[0].dtype == np.float64
    assert ls == pytest.approx([2 / 3, 0.0])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), sparsity=st.floats(0, 1),
       shapes=st.lists(st.sampled_from([(3,), (2, 2), (1, 3, 2), (5,)]), min_size=1, max_size=4))
def test_matches_definition(seed, sparsity, shapes):
    rng = np.random.default_rng(seed)
    weights = [np.round(rng.normal(size=s), 1) for s in shapes]   # rounding creates ties
    pruned, masks, ls = global_magnitude_prune(weights, sparsity)
    want = oracle(weights, sparsity)
    assert len(pruned) == len(masks) == len(ls) == len(weights)
    for w, p, m, wm, s in zip(weights, pruned, masks, want, ls, strict=True):
        assert m.shape == w.shape and np.array_equal(m, wm)
        assert np.array_equal(p, np.where(wm, w, 0.0))
        assert s == pytest.approx((~wm).sum() / w.size)
    n = sum(w.size for w in weights)
    assert sum(int((~m).sum()) for m in masks) == round(sparsity * n)


@pytest.mark.parametrize("weights, sparsity", [
    ([], 0.5),
    ([np.ones(3), np.array([])], 0.5),
    ([np.array([1.0, np.nan])], 0.5),
    ([np.array([np.inf, 1.0])], 0.5),
    ([np.ones(3)], -0.1),
    ([np.ones(3)], 1.01),
])
def test_invalid_input_raises(weights, sparsity):
    with pytest.raises(ValueError):
        global_magnitude_prune(weights, sparsity)
