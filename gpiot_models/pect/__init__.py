"""PECT (parameter-efficient co-tuning): adapters, checkpoints and the per-role runtime.

One frozen base model carries a TD path, a CG path and shared adapters (docs/gpiot.md, "PECT
design choices"); `GPIoTModel` serves the roles "td", "rt" (the untuned base) and "cg" from it.
"""

from gpiot_models.pect.config import CheckpointConfig, CheckpointError, PECTConfig
from gpiot_models.pect.modules import PECTAdapters
from gpiot_models.pect.runtime import ROLES, GPIoTModel

__all__ = [
    "ROLES",
    "CheckpointConfig",
    "CheckpointError",
    "GPIoTModel",
    "PECTAdapters",
    "PECTConfig",
]
