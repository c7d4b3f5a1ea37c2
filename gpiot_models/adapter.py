"""The ``gpiot`` IoTBench adapter: one PECT checkpoint answering as TDSLM, CGSLM or the pipeline.

``gpiot:CHECKPOINT_DIR[,knowledge=DIR|builtin|none][,device=cpu|cuda][,max_subtasks=N]
[,top_k=K][,trace=FILE][,threads=N]``. The checkpoint is loaded once (`GPIoTModel.load`); its
frozen base and the PECT parameters serve all three roles. Requests are routed by item kind:

- ``decomposition``: the TD role on the item's own messages;
- ``codegen`` (and requests without a kind, e.g. from ``iotbench serve``): the CG role on the
  item's messages;
- ``application``: the whole chain (`gpiot_models.pipeline`): TD → RTSLM → CG → one program
  that defines the item's entry point.

Retrieval for RTSLM: ``knowledge=DIR`` is a store saved with `KnowledgeStore.save` (it has a
``manifest.json``) or a directory of documents (.md/.txt/.py/.rst) embedded when the adapter
loads, opened like the baselines' corpora (`baselines.retrieval.open_store`);
``knowledge=builtin`` is the project's IoT notes in ``baselines/knowledge/``. Without the option,
what the checkpoint records (`gpiot train --knowledge`, default ``builtin``) is used, so retrieval
is on by default; ``knowledge=none`` turns it off.
``trace=FILE`` appends every chain's intermediate artefacts (sub-tasks, specifications, code per
sub-task) to FILE as JSON lines (for completions generated in this run; those replayed from the
generation cache are not traced again). ``threads`` sets torch's CPU threads for the whole
process, as for ``hf`` (on a shared machine 1 avoids threads waiting on each other).

Each request's temperature, top_p, max_new_tokens, seed and stop strings are used for every model
call made for it (RTSLM's two short answers are capped at `RT_MAX_NEW_TOKENS`; stop strings apply
to code, not to decompositions or specifications).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gpiot_models.pipeline import DEFAULT_MAX_SUBTASKS, Pipeline, stage_seed
from gpiot_models.rtslm import RTSLM, RoleModel, Sampling
from harness.adapter_options import parse_options, positive_int, split_options
from harness.adapters import AdapterError, GenerationRequest

if TYPE_CHECKING:
    from harness.knowledge import KnowledgeStore

KNOWLEDGE_SUBDIR = "knowledge"
CONFIG_FILE = "gpiot_config.json"  # gpiot_models.pect.config.CONFIG_FILE
BUILTIN = "builtin"  # knowledge=builtin: the IoT notes shipped in baselines/knowledge/
NONE = "none"  # knowledge=none: RTSLM without retrieval
_MANIFEST = "manifest.json"


@dataclass(frozen=True)
class GPIoTSettings:
    checkpoint: Path
    knowledge: str | None = None  # None: as the checkpoint records (default BUILTIN); NONE: off
    device: str | None = None
    max_subtasks: int = DEFAULT_MAX_SUBTASKS
    top_k: int = 3
    trace: Path | None = None
    threads: int | None = None  # None: torch's default


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _device(value: str) -> str:
    if value not in ("cpu", "cuda"):
        raise ValueError("expected cpu or cuda")
    return value


_OPTIONS: dict[str, Callable[[str], Any]] = {
    "knowledge": str,
    "device": _device,
    "max_subtasks": positive_int,
    "top_k": positive_int,
    "trace": lambda v: Path(v).expanduser(),
    "threads": positive_int,
}


def knowledge_choice(settings: GPIoTSettings) -> tuple[str, Path | None]:
    """(what RTSLM retrieves from, its directory): the option, else what the checkpoint records.

    The checkpoint's ``gpiot_config.json`` field ``knowledge`` ("builtin", "none" or a directory
    relative to the checkpoint) is what `gpiot train --knowledge` chose; a checkpoint without the
    field uses its own ``knowledge/`` store when it has one, else the shipped notes.
    """
    if settings.knowledge is not None:
        choice, base = settings.knowledge, Path.cwd()
    else:
        try:  # read without importing the runtime (and torch): the model load checks the rest
            config = json.loads((settings.checkpoint / CONFIG_FILE).read_text(encoding="utf-8"))
            recorded = config.get("knowledge") if isinstance(config, dict) else None
        except (OSError, ValueError):
            recorded = None
        recorded = recorded if isinstance(recorded, str) and recorded else None
        own = settings.checkpoint / KNOWLEDGE_SUBDIR
        choice = recorded or (KNOWLEDGE_SUBDIR if (own / _MANIFEST).is_file() else BUILTIN)
        base = settings.checkpoint
    if choice in (BUILTIN, NONE):
        return choice, None
    return choice, base / Path(choice).expanduser()


def load_knowledge(settings: GPIoTSettings) -> KnowledgeStore | None:
    """The store RTSLM retrieves from (see `knowledge_choice`), or None when it is off."""
    from baselines.retrieval import open_store

    choice, where = knowledge_choice(settings)
    if choice == NONE:
        return None
    try:
        return open_store(where)  # None: the shipped notes
    except AdapterError as exc:
        raise AdapterError(f"gpiot: knowledge={choice}: {exc}") from exc


def check_checkpoint(checkpoint: Path) -> None:
    if not checkpoint.is_dir():
        raise AdapterError(
            f"gpiot: checkpoint directory {str(checkpoint)!r} does not exist "
            "(gpiot:CHECKPOINT_DIR takes a directory written by `gpiot train`)"
        )


def load_model(settings: GPIoTSettings) -> RoleModel:
    """`GPIoTModel.load` of the checkpoint, with its failures as one-line AdapterErrors."""
    checkpoint = settings.checkpoint
    check_checkpoint(checkpoint)
    try:
        from gpiot_models.pect.runtime import GPIoTModel
    except ImportError as exc:
        raise AdapterError(
            f"gpiot adapter needs torch, transformers and peft ({exc}); install "
            "them with: pip install 'iotbench[hf]'"
        ) from None
    if settings.threads is not None:
        import torch

        torch.set_num_threads(settings.threads)
    try:
        model: RoleModel = GPIoTModel.load(checkpoint, device=settings.device)
    except AdapterError:  # the runtime's own checkpoint errors are already one line
        raise
    except Exception as exc:  # a broken checkpoint fails in many ways; the user needs one line
        raise AdapterError(
            f"gpiot: cannot load checkpoint {str(checkpoint)!r}: {_first_line(exc)}"
        ) from exc
    return model


class GPIoTAdapter:
    """Routes IoTBench requests to the TD role, the CG role or the full GPIoT chain."""

    def __init__(
        self,
        settings: GPIoTSettings,
        model: RoleModel | None = None,
        knowledge: KnowledgeStore | None = None,
    ) -> None:
        self.settings = settings
        self.name = f"gpiot-{settings.checkpoint.resolve().name}"
        if model is None:
            check_checkpoint(settings.checkpoint)
        # the knowledge option is checked before the model loads: a typo should not wait for it
        store = knowledge if knowledge is not None else load_knowledge(settings)
        self.model = model if model is not None else load_model(settings)
        self.pipeline = Pipeline(
            self.model, RTSLM(self.model, store, settings.top_k), settings.max_subtasks
        )
        self._routes: dict[str, Callable[[GenerationRequest], list[str]]] = {
            "decomposition": self._decompose,
            "codegen": self._codegen,
            "": self._codegen,
            "application": self._application,
        }

    @classmethod
    def check_spec(cls, argument: str) -> None:
        """The options and that the checkpoint directory exists, without loading anything."""
        check_checkpoint(cls._settings(argument).checkpoint)

    @staticmethod
    def _settings(argument: str) -> GPIoTSettings:
        path, options = split_options(argument)
        if not path:
            raise AdapterError(
                "gpiot adapter needs a checkpoint directory: "
                "--model gpiot:CHECKPOINT_DIR[,knowledge=DIR,device=cpu]"
            )
        parsed: dict[str, Any] = parse_options("gpiot", options, _OPTIONS)
        return GPIoTSettings(checkpoint=Path(path).expanduser(), **parsed)

    @classmethod
    def from_spec(cls, argument: str) -> GPIoTAdapter:
        return cls(cls._settings(argument))

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        out = []
        for request in requests:
            route = self._routes.get(request.kind)
            if route is None:
                raise AdapterError(
                    f"gpiot: item {request.item_id!r} has kind "
                    f"{request.kind!r}; expected one of "
                    f"{', '.join(k for k in self._routes if k)}"
                )
            completions = route(request)
            if len(completions) != request.n:
                raise AdapterError(
                    f"gpiot: {len(completions)} completions for "
                    f"{request.item_id!r}, {request.n} requested"
                )
            out.append(completions)
        return out

    @staticmethod
    def sampling(request: GenerationRequest) -> Sampling:
        """The request's decoding settings; the seed also depends on the item."""
        return Sampling(
            request.temperature,
            request.top_p,
            request.max_new_tokens,
            stage_seed(request.seed, request.item_id),
            tuple(request.stop),
        )

    def _role(self, role: str, request: GenerationRequest) -> list[str]:
        s = self.sampling(request)
        return self.model.generate(
            role,
            request.messages,
            n=request.n,
            temperature=s.temperature,
            top_p=s.top_p,
            max_new_tokens=s.max_new_tokens,
            seed=s.seed,
            stop=s.stop,
        )

    def _decompose(self, request: GenerationRequest) -> list[str]:
        return self._role("td", request)

    def _codegen(self, request: GenerationRequest) -> list[str]:
        return self._role("cg", request)

    def _application(self, request: GenerationRequest) -> list[str]:
        results = self.pipeline.run_many(
            request.prompt, self.sampling(request), request.n, entry_point=request.entry_point
        )
        if self.settings.trace is not None:
            self.settings.trace.parent.mkdir(parents=True, exist_ok=True)
            with self.settings.trace.open("a", encoding="utf-8") as handle:
                for index, result in enumerate(results):
                    record = {"item_id": request.item_id, "sample_idx": index, **result.to_json()}
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return [result.completion for result in results]
