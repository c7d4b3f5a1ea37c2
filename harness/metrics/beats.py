"""Beat-detection scoring: one-to-one matching of detected beats to reference beats.

A detection is a true positive when it can be paired with a reference beat no more than the
tolerance away (150 ms by default, boundary included), each reference beat and each detection
being used at most once.  The pairing chosen maximises the number of pairs, so the score does not
depend on input order or on which of two close candidates a greedy pass happens to see first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DEFAULT_TOLERANCE_S: float = 0.150

# Relative slack on the tolerance in samples so that products such as 0.150 * 360, which are not
# exactly 54 in binary floating point, still include a detection exactly on the boundary.
_BOUNDARY_SLACK = 1e-9


@dataclass(frozen=True)
class BeatMatch:
    """Counts of one matching (or of several, pooled with `+`).

    Zero-division convention, used by every ratio below: when a denominator is zero the ratio
    is 1.0 if there was nothing to get wrong at all (tp = fp = fn = 0) and 0.0 otherwise.  So
    no detections on a record with beats gives precision 0.0, recall 0.0, F1 0.0; detections on
    a record without beats gives 0.0 for all three; an empty record left empty gives 1.0.
    """

    tp: int
    fp: int
    fn: int

    def __post_init__(self) -> None:
        for field in ("tp", "fp", "fn"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
                raise ValueError(f"{field} must be a non-negative integer, got {value!r}")
            object.__setattr__(self, field, int(value))

    def _ratio(self, numerator: int, denominator: int) -> float:
        if denominator == 0:
            return 1.0 if self.tp == self.fp == self.fn == 0 else 0.0
        return numerator / denominator

    @property
    def precision(self) -> float:
        """Share of detections that matched a reference beat: tp / (tp + fp)."""
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Share of reference beats that were found: tp / (tp + fn)."""
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, computed as 2tp / (2tp + fp + fn)."""
        return self._ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: object) -> BeatMatch:
        """Pool counts over records (micro-averaging)."""
        if not isinstance(other, BeatMatch):
            return NotImplemented
        return BeatMatch(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __radd__(self, other: object) -> BeatMatch:
        """Let the built-in `sum()` pool a list of matches (it starts from the integer 0)."""
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented


def _as_positions(values: npt.ArrayLike, label: str) -> np.ndarray:
    """Validate beat positions (1-D, real, finite) and return them sorted as float64."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{label} must be a 1-D array of sample indices, got shape {array.shape}")
    if array.size and not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise ValueError(f"{label} must hold integer sample indices, got dtype {array.dtype}")
    positions = array.astype(np.float64)
    if not np.all(np.isfinite(positions)):
        raise ValueError(f"{label} contains non-finite values (NaN or infinity)")
    return np.sort(positions)


def match_beats(
    reference: npt.ArrayLike,
    detected: npt.ArrayLike,
    fs: float,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
) -> BeatMatch:
    """Match detections to reference beats one-to-one within +/- tolerance_s and count.

    A pair (r, d) is allowed when |d - r| <= tolerance_s * fs samples.  Repeated detection
    indices are collapsed before matching and every extra copy counts as a false positive, so
    reporting a beat twice can never earn two matches.  Inputs need not be sorted.

    The maximum number of pairs is found with a single merge over the two sorted lists: the
    earliest remaining reference beat is paired with the earliest remaining detection it can
    reach.  Because every beat's allowed window has the same width, those windows are ordered
    like the beats themselves, and an exchange argument shows this greedy pairing is never
    smaller than any other one-to-one pairing.

    Raises ValueError for non-1-D or non-finite inputs and for fs or tolerance_s that are not
    positive and finite (tolerance_s may be zero).
    """
    if not np.isfinite(fs) or fs <= 0:
        raise ValueError(f"fs must be a positive finite sampling rate, got {fs!r}")
    if not np.isfinite(tolerance_s) or tolerance_s < 0:
        raise ValueError(f"tolerance_s must be a finite non-negative number, got {tolerance_s!r}")
    ref = _as_positions(reference, "reference")
    det_all = _as_positions(detected, "detected")
    det = np.unique(det_all)
    duplicates = det_all.size - det.size

    tolerance = tolerance_s * fs
    tolerance += _BOUNDARY_SLACK * max(1.0, tolerance)

    tp = 0
    i = j = 0
    while i < ref.size and j < det.size:
        gap = det[j] - ref[i]
        if gap < -tolerance:
            j += 1  # detection lies before every remaining reference window
        elif gap > tolerance:
            i += 1  # reference beat lies before every remaining detection
        else:
            tp += 1
            i += 1
            j += 1
    return BeatMatch(tp=tp, fp=det.size - tp + duplicates, fn=ref.size - tp)
