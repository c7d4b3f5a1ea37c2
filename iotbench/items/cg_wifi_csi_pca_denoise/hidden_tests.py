import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from candidate import csi_pca


def expected_pca(x, n):
    c = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(c, full_matrices=True)
    v = vt[:n].T.copy()
    for i in range(n):
        j = np.argmax(np.abs(v[:, i]))
        if v[j, i] < 0:
            v[:, i] *= -1
    var = np.zeros(x.shape[1])
    var[:len(s)] = s ** 2
    return c @ v, var[:n] / var.sum(), c @ v @ v.T + x.mean(axis=0)


def make_csi(seed, T=200, S=30, noise=0.05):
    rng = np.random.default_rng(seed)
    t = np.arange(T) / 100.0
    sources = np.stack([np.sin(2 * np.pi * 0.3 * t), np.sign(np.sin(2 * np.pi * 1.1 * t)),
                        rng.normal(size=T)], axis=1) * np.array([3.0, 1.5, 0.7])
    mixing = rng.normal(size=(3, S))
    return 20 + sources @ mixing + noise * rng.normal(size=(T, S))


def test_matches_svd_reference_default_components():
    x = make_csi(0)
    proj, ratio, den = csi_pca(x)
    ep, er, ed = expected_pca(x, 3)
    assert proj.shape == (200, 3) and ratio.shape == (3,) and den.shape == x.shape
    np.testing.assert_allclose(proj, ep, atol=1e-7)
    np.testing.assert_allclose(ratio, er, atol=1e-10)
    np.testing.assert_allclose(den, ed, atol=1e-7)


def test_low_rank_data_reconstructed_exactly():
    rng = np.random.default_rng(5)
    x = 3.0 + rng.normal(size=(60, 2)) @ rng.normal(size=(2, 12))
    proj, ratio, den = csi_pca(x, n_components=2)
    np.testing.assert_allclose(den, x, atol=1e-9)
    assert ratio.sum() == pytest.approx(1.0, abs=1e-10)
    _, r1, d1 = csi_pca(x, n_components=1)
    assert r1[0] == pytest.approx(ratio[0], rel=1e-10)
    assert np.abs(d1 - x).max() > 1e-3


def test_sign_convention_and_orthogonality():
    x = make_csi(2, T=150, S=8, noise=0.3)
    proj, ratio, _ = csi_pca(x, n_components=4)
    c = x - x.mean(axis=0)
    # recover directions by least squares and check the sign rule
    dirs = np.linalg.lstsq(proj, c, rcond=None)[0].T
    for i in range(4):
        j = np.argmax(np.abs(dirs[:, i]))
        assert dirs[j, i] > 0
    gram = proj.T @ proj
    np.testing.assert_allclose(gram - np.diag(np.diag(gram)), 0, atol=1e-6)
    assert np.all(np.diff(ratio) <= 1e-12)


def test_negative_loading_sign_flip_known_case():
    # data varies along direction (-0.8, 0.6): largest |loading| is negative, must be flipped
    t = np.linspace(-1, 1, 50)
    x = np.outer(t, [-0.8, 0.6]) + 5.0
    proj, ratio, den = csi_pca(x, n_components=1)
    np.testing.assert_allclose(proj[:, 0], -t, atol=1e-10)
    np.testing.assert_allclose(ratio, [1.0], atol=1e-10)
    np.testing.assert_allclose(den, x, atol=1e-10)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), T=st.integers(2, 40), S=st.integers(1, 10), n=st.integers(1, 10))
def test_property_random_matrices(seed, T, S, n):
    n = min(n, S)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(T, S)) * rng.uniform(0.5, 3, size=S) + rng.uniform(-5, 5, size=S)
    proj, ratio, den = csi_pca(x, n_components=n)
    ep, er, ed = expected_pca(x, n)
    np.testing.assert_allclose(ratio, er, atol=1e-8)
    # compare only components with well-separated eigenvalues (others are not unique)
    var = np.linalg.svd(x - x.mean(0), compute_uv=False) ** 2
    var = np.r_[var, np.zeros(S)][:S]
    for i in range(n):
        gaps = np.abs(var[i] - np.delete(var, i))
        if gaps.size == 0 or gaps.min() > 1e-3 * var.max():
            np.testing.assert_allclose(proj[:, i], ep[:, i], atol=1e-6)
    if n == S:
        np.testing.assert_allclose(den, x, atol=1e-8)


@pytest.mark.parametrize("args", [
    (np.ones(10),), (np.ones((1, 5)),), (np.ones((10, 3)),),
    (np.random.default_rng(0).normal(size=(10, 3)), 0),
    (np.random.default_rng(0).normal(size=(10, 3)), 4),
])
def test_invalid_input_raises(args):
    with pytest.raises(ValueError):
        csi_pca(*args)
