"""Data seeds: the hidden data of a run are drawn from one seed chosen when the run starts.

Every seeded generator (heartbeat records, activity sets, the signals of `task` items' hidden
tests) takes its seed from the run's data seed, so no program can regenerate the hidden data
from this public code: it would need the seed, which never enters the program's sandbox.
A run's data seed is recorded in its results file; ``--data-seed N`` reproduces the run.
"""

from __future__ import annotations

import hashlib
import secrets

SEED_BITS = 63  # fits a signed 64-bit integer, which every JSON reader and numpy accept


def draw_data_seed() -> int:
    """A fresh, unpredictable data seed for a run."""
    return secrets.randbits(SEED_BITS)


def check_data_seed(value: object, where: str = "data seed") -> int:
    """`value` as a data seed, or ValueError naming `where` and what is expected."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**SEED_BITS:
        raise ValueError(f"{where} must be an integer from 0 to 2**{SEED_BITS} - 1, got {value!r}")
    return value


def derive_seed(data_seed: int, *names: str | int) -> int:
    """The seed of one part of a run's data (an item, a record), independent of every other part:
    a 63-bit hash of the run's data seed and the part's names."""
    check_data_seed(data_seed)
    text = ":".join([str(data_seed), *(str(n) for n in names)])
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - SEED_BITS)
