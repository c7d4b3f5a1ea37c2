"""How `pytest iotbench -n N` shares the items out between pytest-xdist workers.

Each worker is a process of its own and loads what its items need: the embedding model and the
linter for code-generation items (in their analysis processes), the embedding model for
decomposition items, its own sandbox workers. xdist's default hands tests out one by one, so on
2 cores both workers loaded everything and the run was slower than a serial one. Here the items
are grouped: applications in one group, decompositions in another, and the code-generation
items in N - 1 groups (one when N = 2), a group going whole to one worker. So no model or linter
is loaded by two workers on 2 cores, and on more cores the code-generation items, most of a run's
work, still spread over the workers. Tests that are not benchmark items keep xdist's grouping by
module.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]


class ByKindScheduling(LoadScopeScheduling):  # type: ignore[misc]
    """xdist's scope scheduling with benchmark items grouped by kind (see the module)."""

    def __init__(self, config: pytest.Config, kinds: Mapping[str, str], log: object) -> None:
        super().__init__(config, log)
        self.kinds = dict(kinds)
        chunks = max(1, self.numnodes - 1)
        codegen = sorted(item_id for item_id, kind in kinds.items() if kind == "codegen")
        self.numnodes: int
        self.chunk = {item_id: index % chunks for index, item_id in enumerate(codegen)}

    def _split_scope(self, nodeid: str) -> str:
        start = nodeid.rfind("[")
        item_id = nodeid[start + 1 : -1] if start >= 0 and nodeid.endswith("]") else ""
        kind = self.kinds.get(item_id)
        if kind is None:
            return str(super()._split_scope(nodeid))
        if kind == "codegen":
            return f"iotbench:codegen:{self.chunk[item_id]}"
        return f"iotbench:{kind}"
