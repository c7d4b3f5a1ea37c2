"""The synthetic activity-recognition generators: shapes, labels, determinism and physics."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotbench.data import csi, imu, multimodal

seeds = st.integers(min_value=0, max_value=2**32 - 1)
small = settings(max_examples=12, deadline=None, derandomize=True)


def _check_layout(
    y: np.ndarray,
    session: np.ndarray,
    rep: np.ndarray,
    activities: int,
    repetitions: int,
    sessions: int,
) -> None:
    assert y.dtype == session.dtype == rep.dtype == np.int64
    assert np.array_equal(y, np.repeat(np.arange(activities), repetitions))
    assert np.array_equal(rep, np.tile(np.arange(repetitions), activities))
    assert np.array_equal(session, rep % sessions)


@small
@given(seeds, st.integers(1, 3), st.integers(1, 4), st.integers(1, len(csi.ACTIVITIES)))
def test_csi_shapes_and_labels(seed: int, repetitions: int, sessions: int, activities: int) -> None:
    s = csi.generate_csi(seed, repetitions, sessions, activities)
    assert (
        s.X.shape
        == (activities * repetitions, csi.CHANNELS, csi.STEPS)
        == (activities * repetitions, 90, 250)
    )
    assert s.X.dtype == np.float32 and np.all(np.isfinite(s.X)) and np.all(s.X >= 0)
    _check_layout(s.y, s.session, s.repetition, activities, repetitions, sessions)
    assert s.activity_names == csi.ACTIVITY_NAMES[:activities]


@small
@given(seeds, st.integers(1, 3), st.integers(1, 4), st.integers(1, len(imu.ACTIVITIES)))
def test_imu_shapes_and_labels(seed: int, repetitions: int, sessions: int, activities: int) -> None:
    s = imu.generate_imu(seed, repetitions, sessions, activities)
    assert s.X.shape == (activities * repetitions, 6, 200)
    assert s.X.dtype == np.float32 and np.all(np.isfinite(s.X))
    _check_layout(s.y, s.session, s.repetition, activities, repetitions, sessions)


@small
@given(seeds, st.integers(1, 2), st.integers(1, 3), st.integers(1, len(multimodal.ACTIVITIES)))
def test_multimodal_shapes_labels_and_missing(
    seed: int, repetitions: int, sessions: int, activities: int
) -> None:
    s = multimodal.generate_multimodal(seed, repetitions, sessions, activities)
    n = activities * repetitions
    shapes = {k: v.shape for k, v in s.modalities.items()}
    assert shapes == {"audio": (n, 4000), "depth": (n, 8, 32, 32), "radar": (n, 40, 32)}
    _check_layout(s.y, s.session, s.repetition, activities, repetitions, sessions)
    for index, name in enumerate(multimodal.MODALITIES):
        array = s.modalities[name]
        assert array.dtype == np.float32 and np.all(np.isfinite(array))
        blank = np.all(array.reshape(n, -1) == 0, axis=1)
        # A modality is all zeros exactly where the generator says it is missing.
        assert np.array_equal(blank, s.missing == index)
    assert not np.any((s.missing >= 0) & (s.corrupted >= 0))


@pytest.mark.parametrize(
    "make",
    [
        lambda seed: csi.generate_csi(seed, 2, 2, 3).X,
        lambda seed: imu.generate_imu(seed, 2, 2, 3).X,
        lambda seed: multimodal.generate_multimodal(seed, 2, 2, 3).modalities["depth"],
    ],
    ids=["csi", "imu", "multimodal"],
)
def test_same_seed_same_bytes_other_seed_other_data(make: object) -> None:
    assert callable(make)
    a, b, c = make(5), make(5), make(6)
    assert a.tobytes() == b.tobytes()
    assert a.tobytes() != c.tobytes()


def test_arrays_are_read_only() -> None:
    s = csi.generate_csi(0, 1, 1, 2)
    for array in (s.X, s.y, s.session, s.repetition):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1
    m = multimodal.generate_multimodal(0, 1, 1, 2)
    with pytest.raises(ValueError, match="read-only"):
        m.modalities["audio"][0, 0] = 1.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: csi.generate_csi(0, 0),
        lambda: csi.generate_csi(0, 2, 0),
        lambda: csi.generate_csi(0, 2, 1, 16),
        lambda: imu.generate_imu(0, 2, 1, 0),
        lambda: multimodal.generate_multimodal(0, 2, 1, 13),
    ],
)
def test_bad_sizes_are_refused(call: object) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match="must be"):
        call()


def _doppler_centroid_hz(x: np.ndarray) -> float:
    """Power-weighted mean frequency (above 3 Hz) of the channels' fluctuations."""
    fluctuation = x - x.mean(axis=-1, keepdims=True)
    power = np.abs(np.fft.rfft(fluctuation, axis=-1)) ** 2
    freqs = np.fft.rfftfreq(x.shape[-1], 1 / csi.FS_HZ)
    band = freqs > 3
    return float((power[..., band] * freqs[band]).sum() / power[..., band].sum())


def test_csi_fast_motion_has_higher_doppler_than_slow_motion() -> None:
    s = csi.generate_csi(3, repetitions=4, sessions=2)
    names = list(s.activity_names)
    walk = s.X[s.y == names.index("walk")].astype(np.float64)
    bend = s.X[s.y == names.index("bend")].astype(np.float64)
    # Walking torso 1.3 m/s (~23 Hz) against bending at 0.45 m/s (~8 Hz).
    assert _doppler_centroid_hz(walk) > _doppler_centroid_hz(bend) + 5


def test_csi_static_multipath_belongs_to_the_session() -> None:
    s = csi.generate_csi(4, repetitions=4, sessions=2)
    profile = np.median(s.X, axis=2).astype(np.float64)  # per-channel level of each sample
    profile /= np.linalg.norm(profile, axis=1, keepdims=True)
    similarity = profile @ profile.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argmax(similarity, axis=1)
    # The raw level profile points to a recording of the same session, whatever its activity:
    # what defeats raw nearest-neighbour matching.
    assert np.mean(s.session[nearest] == s.session) >= 0.95
    assert np.mean(s.y[nearest] == s.y) <= 0.4


def test_imu_gravity_tells_posture_whatever_the_placement() -> None:
    s = imu.generate_imu(8, repetitions=8, sessions=8)
    names = list(s.activity_names)
    gravity = s.X[:, :3].mean(axis=2).astype(np.float64)
    magnitude = np.linalg.norm(gravity, axis=1)
    along_thigh = np.abs(gravity[:, 1]) / magnitude
    still = np.isin(s.y, [names.index("sit"), names.index("stand")])
    assert np.allclose(magnitude[still], imu.GRAVITY, atol=0.6)
    assert along_thigh[s.y == names.index("stand")].min() > 0.9  # thigh vertical
    assert along_thigh[s.y == names.index("sit")].max() < 0.3  # thigh horizontal
    # The placements differ: the sign of the thigh axis flips between sessions.
    stand = s.y == names.index("stand")
    assert len(set(np.sign(gravity[stand, 1]).tolist())) == 2


def test_multimodal_every_attribute_value_is_shared() -> None:
    # Each modality alone must leave several candidates: every value of every attribute is
    # shared by at least three activities, and no two activities share all three.
    triples = list(multimodal.ACTIVITIES.values())
    assert len(set(triples)) == len(triples) == 12
    for position in range(3):
        values = [t[position] for t in triples]
        assert min(values.count(v) for v in set(values)) >= 3
