"""Train/test data for the activity-recognition items: seeded synthetic sets or real recordings.

Synthetic sets (``dataset: {generator: csi|imu|harmony, seed, repetitions}`` in item.yaml) are
split the way a deployed recogniser meets data: the test set is recorded in sessions that the
training set never saw (another day, room layout, person or phone placement), so a model must
generalise across sessions instead of memorising one:

* ``csi`` (WiAR-like): the last three of the ten sessions (a third of each activity's
  repetitions) are the test set;
* ``imu``: the last quarter of the recording sessions (new phone placements);
* ``harmony``: the last two of the eight sessions (a quarter of each activity's repetitions).

A run draws the generator's seed from its data seed (``iotbench.data.seeds``), so the hidden
samples are new in every run.

Real data come through ``--iot-data KEY=SOURCE``:

* ``wiar:X.npy[,labels=Y.npy|labels=blocks:K][,test=F][,seed=S]`` (also ``npy:``): samples
  (n, channels, time) and integer labels (n,).  Without ``labels=`` a ``labels.npy`` beside X is
  used; ``blocks:K`` means K activities in equal consecutive blocks (WiAR's 15 x 30 order).
* ``harmony:DIR[,test=F][,seed=S]``: one ``<modality>.npy`` per modality (first axis = sample),
  ``labels.npy``, and optionally ``split.npy`` (1 = test, 0 = train).

Real sets without a given split get a stratified random split (test fraction F, default 1/3,
seeded).  Labels are remapped to 0..K-1; they stay outside the sandbox.  The ``parse_*_source``
functions check a --iot-data value when the run starts (``iotbench.scorers.DATA_SOURCES``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from iotbench.data import csi, imu, multimodal
from iotbench.data.seeds import derive_seed

GENERATOR_VERSIONS = {
    "csi": csi.GENERATOR_VERSION,
    "imu": imu.GENERATOR_VERSION,
    "harmony": multimodal.GENERATOR_VERSION,
}
SINGLE = ""  # modality key of a set that is one array per sample


class DataSourceError(ValueError):
    """A dataset that cannot be used; the message names the file or option and what is expected."""


@dataclass(frozen=True)
class HarData:
    """A train/test split; `train`/`test` map modality -> array (key "" for a single array)."""

    train: Mapping[str, np.ndarray]
    y_train: np.ndarray
    test: Mapping[str, np.ndarray]
    y_test: np.ndarray
    class_names: tuple[str, ...]
    source: str

    @property
    def multimodal(self) -> bool:
        return SINGLE not in self.train


def _split(
    arrays: Mapping[str, np.ndarray],
    y: np.ndarray,
    test: np.ndarray,
    names: Sequence[str],
    source: str,
) -> HarData:
    """Cut every array by the test mask; the parts are read-only (sets are cached)."""

    def part(a: np.ndarray, rows: np.ndarray) -> np.ndarray:
        out: np.ndarray = a[rows]
        out.setflags(write=False)
        return out

    return HarData(
        {k: part(v, ~test) for k, v in arrays.items()},
        part(y, ~test),
        {k: part(v, test) for k, v in arrays.items()},
        part(y, test),
        tuple(names),
        source,
    )


@lru_cache(maxsize=4)
def synthetic(generator: str, seed: int, repetitions: int | None = None) -> HarData:
    """The seeded synthetic set of `generator`, split as described in the module docstring."""
    label = f"synthetic {generator} v{GENERATOR_VERSIONS.get(generator)} seed {seed}"
    if generator == "csi":
        c = csi.generate_csi(seed, repetitions or 30)
        return _split({SINGLE: c.X}, c.y, _held_out(c.session, 3), c.activity_names, label)
    if generator == "imu":
        m = imu.generate_imu(seed, repetitions or 40)
        held_out = _held_out(m.session, max(1, np.unique(m.session).size // 4))
        return _split({SINGLE: m.X}, m.y, held_out, m.activity_names, label)
    if generator == "harmony":
        h = multimodal.generate_multimodal(seed, repetitions or 40)
        return _split(h.modalities, h.y, _held_out(h.session, 2), h.activity_names, label)
    raise DataSourceError(
        f"unknown generator {generator!r}; expected one of {', '.join(GENERATOR_VERSIONS)}"
    )


def _held_out(session: np.ndarray, count: int) -> np.ndarray:
    """Test mask: the samples of the last `count` sessions (all of them unseen in training)."""
    present = np.unique(session)
    return np.isin(session, present[max(1, present.size - count) :])


def _options(spec: str, allowed: Sequence[str]) -> tuple[str, dict[str, str]]:
    """Split "PATH,key=value,..." into the path and its options."""
    path, *rest = spec.split(",")
    options: dict[str, str] = {}
    for part in rest:
        key, eq, value = part.partition("=")
        if not eq or key.strip() not in allowed:
            raise DataSourceError(
                f"{spec!r}: unknown option {part!r}; expected "
                + ", ".join(f"{a}=..." for a in allowed)
            )
        options[key.strip()] = value.strip()
    if not path.strip():
        raise DataSourceError(f"{spec!r}: expected a path before the options")
    return path.strip(), options


def _load(path: Path, what: str) -> np.ndarray:
    try:
        array: np.ndarray = np.asarray(np.load(path, allow_pickle=False))
    except (OSError, ValueError) as exc:
        raise DataSourceError(f"{path}: cannot read {what} as a .npy array ({exc})") from None
    return array


def _labels(values: np.ndarray, n: int, where: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """Validate labels and remap them to 0..K-1; also return the original values as names."""
    if values.ndim != 1 or values.shape[0] != n:
        raise DataSourceError(
            f"{where}: expected {n} labels in a 1-D array, got shape {values.shape}"
        )
    if values.dtype.kind not in "iu" and not (
        values.dtype.kind == "f"
        and np.all(np.isfinite(values))
        and np.all(values == np.round(values))
    ):
        raise DataSourceError(f"{where}: labels must be integers, got {values.dtype}")
    classes, index = np.unique(values, return_inverse=True)
    return index.astype(np.int64), tuple(str(c.item()) for c in classes)


def _test_mask(y: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """Stratified random test mask: about `fraction` of each class, at least one if it has 2."""
    rng = np.random.default_rng(seed)
    mask = np.zeros(y.size, dtype=bool)
    for label in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == label))
        k = round(fraction * rows.size)
        k = min(rows.size - 1, max(1, k)) if rows.size >= 2 else 0
        mask[rows[:k]] = True
    return mask


def _split_options(options: Mapping[str, str], spec: str) -> tuple[float, int]:
    try:
        fraction = float(options.get("test", 1 / 3))
        seed = int(options.get("seed", 0))
    except ValueError:
        raise DataSourceError(
            f"{spec!r}: test=F needs a number in (0, 1) and seed=S an integer"
        ) from None
    if not 0 < fraction < 1:
        raise DataSourceError(f"{spec!r}: test={fraction} must be between 0 and 1")
    return fraction, seed


@lru_cache(maxsize=2)
def load_wiar(spec: str, sample_shape: tuple[int, ...] | None = None) -> HarData:
    """A WiAR-style array file with labels; `sample_shape` is what the item's prompt promises."""
    path_text, options = _options(spec, ("labels", "test", "seed"))
    path = Path(path_text).expanduser()
    x = _load(path, "the samples")
    if x.ndim != 3 or x.dtype.kind not in "iuf":
        raise DataSourceError(
            f"{path}: expected a numeric array (samples, channels, time), got "
            f"{x.dtype} of shape {x.shape}"
        )
    if sample_shape is not None and tuple(x.shape[1:]) != tuple(sample_shape):
        raise DataSourceError(
            f"{path}: expected samples of shape {tuple(sample_shape)} (as the "
            f"item's prompt states), got {tuple(x.shape[1:])}"
        )
    given = options.get("labels")
    if given and given.startswith("blocks:"):
        try:
            k = int(given.removeprefix("blocks:"))
        except ValueError:
            k = 0
        if k < 1 or x.shape[0] % k:
            raise DataSourceError(
                f"{spec!r}: labels=blocks:K needs K >= 1 dividing the {x.shape[0]} samples"
            )
        raw = np.repeat(np.arange(k), x.shape[0] // k)
        where = f"labels=blocks:{k}"
    else:
        label_path = Path(given).expanduser() if given else path.with_name("labels.npy")
        if not label_path.is_file():
            raise DataSourceError(
                f"{label_path}: labels file not found; pass labels=FILE.npy "
                "or labels=blocks:K (K activities in equal consecutive blocks)"
            )
        raw = _load(label_path, "the labels")
        where = str(label_path)
    y, names = _labels(raw, x.shape[0], where)
    fraction, seed = _split_options(options, spec)
    x = x.astype(np.float32, copy=False)
    return _split({SINGLE: x}, y, _test_mask(y, fraction, seed), names, f"wiar:{path}")


@lru_cache(maxsize=2)
def load_harmony(spec: str, modalities: tuple[str, ...]) -> HarData:
    """A Harmony-style folder: <modality>.npy per modality, labels.npy, optional split.npy."""
    path_text, options = _options(spec, ("test", "seed"))
    folder = Path(path_text).expanduser()
    if not folder.is_dir():
        raise DataSourceError(
            f"{folder}: expected a folder holding "
            f"{', '.join(m + '.npy' for m in modalities)} and labels.npy"
        )
    arrays: dict[str, np.ndarray] = {}
    for name in modalities:
        file = folder / f"{name}.npy"
        if not file.is_file():
            raise DataSourceError(
                f"{file}: missing; the folder needs one .npy per modality "
                f"({', '.join(modalities)}) plus labels.npy"
            )
        array = _load(file, f"the {name} modality")
        if array.ndim < 2 or array.dtype.kind not in "iuf":
            raise DataSourceError(
                f"{file}: expected a numeric array (samples, ...), got "
                f"{array.dtype} of shape {array.shape}"
            )
        arrays[name] = array.astype(np.float32, copy=False)
    counts = {name: a.shape[0] for name, a in arrays.items()}
    n = counts[modalities[0]]
    if len(set(counts.values())) != 1:
        raise DataSourceError(
            f"{folder}: every modality needs the same number of samples, got "
            + ", ".join(f"{k}: {v}" for k, v in counts.items())
        )
    label_file = folder / "labels.npy"
    if not label_file.is_file():
        raise DataSourceError(f"{label_file}: missing; expected integer labels, one per sample")
    y, names = _labels(_load(label_file, "the labels"), n, str(label_file))
    split_file = folder / "split.npy"
    if split_file.is_file():
        split = _load(split_file, "the split")
        if split.shape != (n,) or not np.isin(split, (0, 1)).all():
            raise DataSourceError(f"{split_file}: expected {n} values of 0 (train) or 1 (test)")
        test = split.astype(bool)
        if test.all() or not test.any():
            raise DataSourceError(f"{split_file}: needs both train (0) and test (1) samples")
    else:
        test = _test_mask(y, *_split_options(options, spec))
    return _split(arrays, y, test, names, f"harmony:{folder}")


def _parse(spec: str, formats: tuple[str, ...], load: Any) -> HarData:
    kind, colon, rest = spec.partition(":")
    if not colon or kind not in formats:
        raise DataSourceError(f"expected {' or '.join(f + ':...' for f in formats)}, got {spec!r}")
    data: HarData = load(rest)
    return data


def parse_csi_source(spec: str) -> HarData:
    """--iot-data har=wiar:X.npy[,...]: CSI samples (n, 90, 250); checked when the run starts."""
    return _parse(spec, ("wiar", "npy"), lambda rest: load_wiar(rest, (csi.CHANNELS, csi.STEPS)))


def parse_imu_source(spec: str) -> HarData:
    """--iot-data har_imu=npy:X.npy[,...]: IMU windows (n, 6, 200); checked at start."""
    return _parse(spec, ("npy",), lambda rest: load_wiar(rest, (imu.CHANNELS, imu.STEPS)))


def parse_harmony_source(spec: str) -> HarData:
    """--iot-data mhar=harmony:DIR[,...]: audio/depth/radar arrays + labels; checked at start."""
    return _parse(spec, ("harmony",), lambda rest: load_harmony(rest, multimodal.MODALITIES))


def resolve(
    config: Mapping[str, Any], data: Mapping[str, str], where: str, data_seed: int
) -> HarData:
    """The data an item runs on: the user's real set for its `data_key`, else its synthetic set
    drawn from the run's data seed (items with the same generator and `dataset.seed` share it).

    `config` is the item's metadata; `where` names item.yaml in error messages.
    """
    key = config.get("data_key")
    if key is not None and key in data:
        kind, colon, rest = data[key].partition(":")
        formats = tuple(config.get("data_formats", ()))
        if not colon or kind not in formats:
            raise DataSourceError(
                f"--iot-data {key}={data[key]}: expected "
                + " or ".join(f"{f}:..." for f in formats)
            )
        if kind == "harmony":
            return load_harmony(rest, tuple(config.get("modalities", multimodal.MODALITIES)))
        shape = config.get("sample_shape")
        return load_wiar(rest, tuple(int(v) for v in shape) if shape else None)
    dataset = config.get("dataset")
    if not isinstance(dataset, Mapping) or "generator" not in dataset:
        raise DataSourceError(f"{where}: field 'dataset' must give at least a generator")
    generator = str(dataset["generator"])
    version = GENERATOR_VERSIONS.get(generator)
    if config.get("data_version") != version:
        raise DataSourceError(
            f"{where}: field 'data_version' is {config.get('data_version')!r} "
            f"but the {generator} generator is version {version}; bump the item"
        )
    seed = derive_seed(data_seed, generator, int(dataset.get("seed", 0)))
    return synthetic(generator, seed, dataset.get("repetitions"))
