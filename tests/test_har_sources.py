"""Train/test data for the HAR items: synthetic splits, WiAR-style and Harmony-style loaders."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from iotbench.data import csi
from iotbench.data.har_sources import (
    SINGLE,
    DataSourceError,
    load_harmony,
    load_wiar,
    parse_csi_source,
    parse_harmony_source,
    parse_imu_source,
    resolve,
    synthetic,
)
from iotbench.data.seeds import derive_seed

CSI_CONFIG = {
    "data_key": "har",
    "data_formats": ["wiar", "npy"],
    "sample_shape": [4, 10],
    "dataset": {"generator": "csi", "seed": 1, "repetitions": 6},
    "data_version": 1,
}


def test_csi_split_holds_out_whole_sessions() -> None:
    d = synthetic("csi", 1, 10)  # repetition r is recorded in session r % 10
    assert not d.multimodal
    assert d.train[SINGLE].shape == (15 * 7, 90, 250) and d.test[SINGLE].shape == (15 * 3, 90, 250)
    assert np.array_equal(np.bincount(d.y_test), np.full(15, 3))
    assert d.class_names[0] == "horizontal_arm_wave"
    assert d.source == "synthetic csi v1 seed 1"
    with pytest.raises(ValueError, match="read-only"):
        d.train[SINGLE][0, 0, 0] = 0.0
    assert synthetic("csi", 1, 10) is d  # cached: the standard set is built once per process
    # no test recording comes from a session seen in training
    c = csi.generate_csi(1, 10)
    test = np.isin(c.session, [7, 8, 9])
    assert set(c.session[test]).isdisjoint(c.session[~test])
    assert np.array_equal(d.test[SINGLE], c.X[test])


def test_imu_split_holds_out_whole_sessions() -> None:
    d = synthetic("imu", 2, 8)  # 8 repetitions -> sessions 0..7, the last 2 held out
    assert d.train[SINGLE].shape == (8 * 6, 6, 200) and d.test[SINGLE].shape == (8 * 2, 6, 200)
    assert np.array_equal(np.bincount(d.y_test), np.full(8, 2))


def test_harmony_split_is_multimodal() -> None:
    d = synthetic("harmony", 3, 4)  # 12 activities x 4 repetitions in sessions 0-3
    assert d.multimodal and set(d.train) == {"audio", "depth", "radar"}
    # sessions 2 and 3 (the last two) are held out
    assert d.test["depth"].shape == (24, 8, 32, 32) and d.y_test.size == 24
    assert d.train["audio"].shape == (24, 4000)


def test_unknown_generator() -> None:
    with pytest.raises(DataSourceError, match="unknown generator 'ppg'; expected one of csi"):
        synthetic("ppg", 0)


def _wiar(tmp_path: Path, n: int = 12, labels: np.ndarray | None = None) -> Path:
    x = np.arange(n * 4 * 10, dtype=np.float64).reshape(n, 4, 10)
    np.save(tmp_path / "wiar.npy", x)
    if labels is not None:
        np.save(tmp_path / "labels.npy", labels)
    return tmp_path / "wiar.npy"


def test_wiar_with_sibling_labels_is_split_by_class(tmp_path: Path) -> None:
    path = _wiar(tmp_path, 12, np.array([7, 7, 7, 7, 7, 7, 3, 3, 3, 3, 3, 3]))
    d = load_wiar(str(path), (4, 10))
    assert d.class_names == ("3", "7")  # labels remapped to 0..K-1 in sorted order
    assert d.train[SINGLE].dtype == np.float32
    # 1/3 of each class of 6 is 2 test samples.
    assert np.array_equal(np.bincount(d.y_test), [2, 2])
    assert np.array_equal(np.bincount(d.y_train), [4, 4])
    # Every sample lands in exactly one part, with its own label.
    rows = np.concatenate([d.train[SINGLE][:, 0, 0], d.test[SINGLE][:, 0, 0]]) / 40
    labels = np.concatenate([d.y_train, d.y_test])
    assert sorted(rows.tolist()) == list(range(12))
    assert np.array_equal(labels, np.where(rows < 6, 1, 0))
    load_wiar.cache_clear()
    again = load_wiar(str(path), (4, 10))
    assert again is not d
    assert np.array_equal(again.y_test, d.y_test)  # the default seed makes the split repeatable
    reseeded = load_wiar(f"{path},seed=1", (4, 10))
    assert not np.array_equal(reseeded.test[SINGLE], d.test[SINGLE])


def test_wiar_options(tmp_path: Path) -> None:
    path = _wiar(tmp_path, 12)
    np.save(tmp_path / "y.npy", np.repeat([0, 1, 2], 4))
    d = load_wiar(f"{path},labels={tmp_path / 'y.npy'},test=0.5,seed=3")
    assert np.array_equal(np.bincount(d.y_test), [2, 2, 2])
    blocks = load_wiar(f"{path},labels=blocks:3,test=0.25")
    assert blocks.class_names == ("0", "1", "2")
    assert np.array_equal(np.bincount(blocks.y_test), [1, 1, 1])
    # blocks:3 means samples 0-3 are class 0, 4-7 class 1, 8-11 class 2.
    first_value = blocks.test[SINGLE][:, 0, 0] / 40
    assert np.array_equal(first_value // 4, blocks.y_test)


@pytest.mark.parametrize(
    ("setup", "spec_tail", "shape", "message"),
    [
        (
            "2d",
            "",
            None,
            r"wiar\.npy: expected a numeric array \(samples, channels, time\), got "
            r"float64 of shape \(12, 40\)",
        ),
        (
            "ok",
            "",
            (90, 250),
            r"expected samples of shape \(90, 250\) \(as the item's prompt states\), "
            r"got \(4, 10\)",
        ),
        (
            "nolabels",
            "",
            None,
            r"labels\.npy: labels file not found; pass labels=FILE\.npy or "
            r"labels=blocks:K",
        ),
        ("short", "", None, r"labels\.npy: expected 12 labels in a 1-D array, got shape \(11,\)"),
        ("float", "", None, r"labels\.npy: labels must be integers, got float64"),
        ("ok", ",labels=blocks:5", None, r"labels=blocks:K needs K >= 1 dividing the 12 samples"),
        (
            "ok",
            ",split=0.2",
            None,
            r"unknown option 'split=0\.2'; expected labels=\.\.\., test=\.\.\.",
        ),
        ("ok", ",test=1.5", None, r"test=1\.5 must be between 0 and 1"),
        ("ok", ",seed=x", None, r"test=F needs a number in \(0, 1\) and seed=S an integer"),
    ],
)
def test_wiar_errors_name_the_problem(
    tmp_path: Path, setup: str, spec_tail: str, shape: tuple[int, int] | None, message: str
) -> None:
    labels = {
        "ok": np.repeat([0, 1], 6),
        "short": np.zeros(11, dtype=int),
        "float": np.linspace(0, 1, 12),
    }.get(setup)
    path = _wiar(tmp_path, 12, labels)
    if setup == "2d":
        np.save(path, np.zeros((12, 40)))
    with pytest.raises(DataSourceError, match=message):
        load_wiar(f"{path}{spec_tail}", shape)


def test_wiar_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "bad.npy").write_text("not an array")
    with pytest.raises(DataSourceError, match=r"bad\.npy: cannot read the samples as a \.npy"):
        load_wiar(str(tmp_path / "bad.npy"))


def _harmony(folder: Path, n: int = 8, split: np.ndarray | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    np.save(folder / "audio.npy", np.arange(n * 5, dtype=np.float32).reshape(n, 5))
    np.save(folder / "depth.npy", np.ones((n, 2, 3, 3), dtype=np.float32))
    np.save(folder / "radar.npy", np.zeros((n, 4, 6)))
    np.save(folder / "labels.npy", np.arange(n) % 2)
    if split is not None:
        np.save(folder / "split.npy", split)
    return folder


def test_harmony_folder_with_split(tmp_path: Path) -> None:
    folder = _harmony(tmp_path / "h", 8, np.array([0, 0, 0, 0, 0, 0, 1, 1]))
    d = load_harmony(str(folder), ("audio", "depth", "radar"))
    assert d.multimodal and d.source == f"harmony:{folder}"
    assert d.test["audio"][:, 0].tolist() == [30.0, 35.0]  # samples 6 and 7
    assert d.y_test.tolist() == [0, 1] and d.y_train.tolist() == [0, 1, 0, 1, 0, 1]
    assert d.train["radar"].dtype == np.float32 and d.train["depth"].shape == (6, 2, 3, 3)


def test_harmony_folder_without_split_is_stratified(tmp_path: Path) -> None:
    folder = _harmony(tmp_path / "h", 12)
    d = load_harmony(f"{folder},test=0.25", ("audio", "radar"))
    assert set(d.train) == {"audio", "radar"}  # only the item's modalities
    assert np.array_equal(np.bincount(d.y_test), [2, 2])  # 0.25 of 6 per class rounds to 2


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            "nofolder",
            r"expected a folder holding audio\.npy, depth\.npy, radar\.npy and labels\.npy",
        ),
        ("noradar", r"radar\.npy: missing; the folder needs one \.npy per modality"),
        ("count", r"every modality needs the same number of samples, got audio: 8, depth: 7"),
        ("nolabels", r"labels\.npy: missing; expected integer labels, one per sample"),
        ("split", r"split\.npy: expected 8 values of 0 \(train\) or 1 \(test\)"),
        ("alltest", r"split\.npy: needs both train \(0\) and test \(1\) samples"),
        (
            "1d",
            r"audio\.npy: expected a numeric array \(samples, \.\.\.\), got float64 of shape "
            r"\(8,\)",
        ),
    ],
)
def test_harmony_errors_name_the_file(tmp_path: Path, breakage: str, message: str) -> None:
    folder = _harmony(tmp_path / "h", 8)
    if breakage == "nofolder":
        folder = tmp_path / "absent"
    elif breakage == "noradar":
        (folder / "radar.npy").unlink()
    elif breakage == "count":
        np.save(folder / "depth.npy", np.ones((7, 2, 3, 3)))
    elif breakage == "nolabels":
        (folder / "labels.npy").unlink()
    elif breakage == "split":
        np.save(folder / "split.npy", np.full(8, 2))
    elif breakage == "alltest":
        np.save(folder / "split.npy", np.ones(8, dtype=int))
    elif breakage == "1d":
        np.save(folder / "audio.npy", np.zeros(8))
    with pytest.raises(DataSourceError, match=message):
        load_harmony(str(folder), ("audio", "depth", "radar"))


def test_resolve_prefers_the_users_data(tmp_path: Path) -> None:
    path = _wiar(tmp_path, 12, np.repeat([0, 1], 6))
    real = resolve(CSI_CONFIG, {"har": f"wiar:{path}"}, "item.yaml", 0)
    assert real.source == f"wiar:{path}"
    other_key = resolve(CSI_CONFIG, {"mhar": f"harmony:{tmp_path}"}, "item.yaml", 5)
    # the synthetic set of the item's dataset seed (1) under the run's data seed (5)
    assert other_key.source == f"synthetic csi v1 seed {derive_seed(5, 'csi', 1)}"
    folder = _harmony(tmp_path / "h", 8)
    config = {"data_key": "mhar", "data_formats": ["harmony"], "modalities": ["audio", "depth"]}
    assert set(resolve(config, {"mhar": f"harmony:{folder}"}, "item.yaml", 0).train) == {
        "audio",
        "depth",
    }


@pytest.mark.parametrize(
    ("config", "data", "message"),
    [
        (
            CSI_CONFIG,
            {"har": "wfdb:/x"},
            r"--iot-data har=wfdb:/x: expected wiar:\.\.\. or npy:\.\.\.",
        ),
        (CSI_CONFIG, {"har": "X.npy"}, r"--iot-data har=X\.npy: expected wiar:"),
        (
            {**CSI_CONFIG, "data_version": 0},
            {},
            r"item\.yaml: field 'data_version' is 0 but the csi "
            r"generator is version 1; bump the item",
        ),
        ({"data_key": "har"}, {}, r"item\.yaml: field 'dataset' must give at least a generator"),
    ],
)
def test_resolve_errors(config: dict[str, object], data: dict[str, str], message: str) -> None:
    with pytest.raises(DataSourceError, match=message):
        resolve(config, data, "item.yaml", 0)


def test_start_up_parsers_check_format_and_shape(tmp_path: Path) -> None:
    path = _wiar(tmp_path, 12, np.repeat([0, 1], 6))  # samples of shape (4, 10)
    with pytest.raises(DataSourceError, match=r"expected samples of shape \(90, 250\)"):
        parse_csi_source(f"wiar:{path}")
    with pytest.raises(DataSourceError, match=r"expected samples of shape \(6, 200\)"):
        parse_imu_source(f"npy:{path}")
    with pytest.raises(DataSourceError, match=r"expected harmony:\.\.\., got 'wiar:/x'"):
        parse_harmony_source("wiar:/x")
    with pytest.raises(DataSourceError, match=r"expected wiar:\.\.\. or npy:\.\.\., got '/x'"):
        parse_csi_source("/x")
    folder = _harmony(tmp_path / "h", 8)
    assert parse_harmony_source(f"harmony:{folder}").y_train.size == 6
