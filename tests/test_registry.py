"""Tests for harness.registry.LazyRegistry and the adapter resolver in harness.adapters."""

from __future__ import annotations

import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import harness.registry
from baselines.reference import ReferenceAdapter
from baselines.replay import ReplayAdapter
from harness.adapter_options import split_options
from harness.adapters import AdapterError, resolve_adapter
from harness.registry import LazyRegistry, RegistryError

PROBE = "iotbench_registry_probe"  # a module that exists only under tmp_path
GROUP = "iotbench.test_registry"


@pytest.fixture
def probe_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Create `PROBE` on a fresh sys.path entry; it is dropped from sys.modules afterwards."""
    (tmp_path / f"{PROBE}.py").write_text("class Thing:\n    pass\n\nVALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, PROBE, raising=False)
    return PROBE


def fake_entry_points(*eps: tuple[str, str]) -> object:
    def entry_points(*, group: str) -> list[EntryPoint]:
        if group != GROUP:
            return []
        return [EntryPoint(name=name, value=value, group=group) for name, value in eps]

    return entry_points


# --- LazyRegistry --------------------------------------------------------------------------


def test_get_imports_module_only_on_first_use(probe_module: str) -> None:
    registry: LazyRegistry[type] = LazyRegistry("widget")
    registry.register("thing", f"{probe_module}:Thing")
    assert "thing" in registry
    assert registry.names() == ["thing"]
    assert probe_module not in sys.modules  # registering and listing import nothing

    thing = registry.get("thing")

    assert probe_module in sys.modules
    assert thing is sys.modules[probe_module].Thing
    assert registry.get("thing") is thing


def test_registered_object_is_returned_as_is() -> None:
    registry: LazyRegistry[object] = LazyRegistry("widget")
    sentinel = object()
    registry.register("obj", sentinel)
    assert registry.get("obj") is sentinel
    assert list(registry) == ["obj"]


def test_unknown_name_suggests_close_match() -> None:
    registry: LazyRegistry[object] = LazyRegistry("widget")
    registry.register("reference", "os.path:join")
    registry.register("replay", "os.path:split")
    with pytest.raises(RegistryError) as info:
        registry.get("refrence")
    message = str(info.value)
    assert "unknown widget 'refrence'" in message
    assert "did you mean 'reference'?" in message


def test_unknown_name_lists_known_names_without_suggestion() -> None:
    registry: LazyRegistry[object] = LazyRegistry("widget")
    registry.register("reference", "os.path:join")
    registry.register("replay", "os.path:split")
    with pytest.raises(RegistryError) as info:
        registry.get("zzz")
    message = str(info.value)
    assert "did you mean" not in message
    assert "(known: reference, replay)" in message


def test_name_not_in_empty_registry() -> None:
    registry: LazyRegistry[object] = LazyRegistry("widget")
    assert "anything" not in registry
    assert 3 not in registry
    with pytest.raises(RegistryError, match="unknown widget 'anything'"):
        registry.get("anything")


@pytest.mark.parametrize("second", ["os.path:split", object()])
def test_duplicate_registration_is_an_error(second: object) -> None:
    registry: LazyRegistry[object] = LazyRegistry("widget")
    registry.register("dup", "os.path:join")
    with pytest.raises(RegistryError, match="widget 'dup' is already registered"):
        registry.register("dup", second)
    assert registry.get("dup").__name__ == "join"  # the first registration is kept


def test_duplicate_of_registered_object_is_an_error() -> None:
    registry: LazyRegistry[object] = LazyRegistry("widget")
    registry.register("dup", object())
    with pytest.raises(RegistryError, match="already registered"):
        registry.register("dup", "os.path:join")


@pytest.mark.parametrize("target", ["os.path.join", "", "os.path"])
def test_target_without_colon_is_rejected(target: str) -> None:
    registry: LazyRegistry[object] = LazyRegistry("widget")
    with pytest.raises(RegistryError) as info:
        registry.register("bad", target)
    assert f"target {target!r} is not 'module:Attribute'" in str(info.value)
    assert "bad" not in registry


def test_missing_module_message_names_target() -> None:
    registry: LazyRegistry[object] = LazyRegistry("widget")
    target = "iotbench_no_such_module_anywhere:Thing"
    registry.register("ghost", target)
    with pytest.raises(RegistryError) as info:
        registry.get("ghost")
    message = str(info.value)
    assert f"widget 'ghost' ({target}) cannot be loaded" in message
    assert "iotbench_no_such_module_anywhere" in message
    assert isinstance(info.value.__cause__, ImportError)


def test_missing_attribute_message_names_target(probe_module: str) -> None:
    registry: LazyRegistry[object] = LazyRegistry("widget")
    registry.register("ghost", f"{probe_module}:Missing")
    with pytest.raises(RegistryError) as info:
        registry.get("ghost")
    assert f"widget 'ghost' ({probe_module}:Missing) cannot be loaded" in str(info.value)
    assert isinstance(info.value.__cause__, AttributeError)


def test_module_raising_on_import_gives_registry_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "iotbench_broken_probe.py").write_text("def broken(:\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "iotbench_broken_probe", raising=False)
    registry: LazyRegistry[object] = LazyRegistry("widget")
    registry.register("broken", "iotbench_broken_probe:Thing")
    with pytest.raises(RegistryError, match=r"\(iotbench_broken_probe:Thing\) cannot be loaded"):
        registry.get("broken")


def test_entry_points_are_discovered_lazily(
    probe_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        harness.registry, "entry_points", fake_entry_points(("plugin", f"{probe_module}:VALUE"))
    )
    registry: LazyRegistry[int] = LazyRegistry("widget", GROUP)
    registry.register("builtin", "os.path:join")

    assert registry.names() == ["builtin", "plugin"]
    assert probe_module not in sys.modules
    assert registry.get("plugin") == 42
    assert probe_module in sys.modules


def test_entry_point_does_not_override_registered_name(
    probe_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        harness.registry, "entry_points", fake_entry_points(("builtin", f"{probe_module}:VALUE"))
    )
    registry: LazyRegistry[object] = LazyRegistry("widget", GROUP)
    registry.register("builtin", "os.path:join")
    assert registry.names() == ["builtin"]
    assert registry.get("builtin").__name__ == "join"
    assert probe_module not in sys.modules


def test_entry_point_names_appear_in_unknown_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        harness.registry, "entry_points", fake_entry_points(("vllm", "iotbench_fake_vllm:Adapter"))
    )
    registry: LazyRegistry[object] = LazyRegistry("widget", GROUP)
    with pytest.raises(RegistryError) as info:
        registry.get("vlm")
    assert "did you mean 'vllm'?" in str(info.value)
    assert "(known: vllm)" in str(info.value)


def test_registry_without_group_ignores_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        harness.registry, "entry_points", fake_entry_points(("plugin", "os.path:join"))
    )
    registry: LazyRegistry[object] = LazyRegistry("widget")
    assert registry.names() == []


def test_entry_point_with_dotted_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        harness.registry, "entry_points", fake_entry_points(("joiner", "os:path.join"))
    )
    registry: LazyRegistry[object] = LazyRegistry("widget", GROUP)
    assert registry.get("joiner") is sys.modules["os"].path.join


# --- harness.adapters ----------------------------------------------------------------------


def test_builtins_are_entry_points_of_this_distribution() -> None:
    """harness names no adapter and iotbench/scorers no scorer: pyproject.toml declares them."""
    from importlib.metadata import entry_points

    from harness.adapters import ADAPTERS, ENTRY_POINT_GROUP
    from iotbench.scorers import SCORERS

    adapters = {"reference", "replay", "hf", "openai", "retrieval", "rag", "mapcoder", "gpiot"}
    scorers = {"heartbeat", "har", "mhar", "decomposition", "codegen"}
    assert adapters <= {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert scorers <= {ep.name for ep in entry_points(group="iotbench.scorers")}
    assert adapters <= set(ADAPTERS.names()) and scorers <= set(SCORERS.names())
    for name in sorted(scorers):
        assert callable(SCORERS.get(name))


def test_resolve_reference_adapter() -> None:
    adapter = resolve_adapter("reference")
    assert isinstance(adapter, ReferenceAdapter)
    assert adapter.which == "reference"
    assert adapter.name == "reference"


def test_resolve_reference_adapter_with_argument() -> None:
    adapter = resolve_adapter(" reference:generic ")
    assert isinstance(adapter, ReferenceAdapter)
    assert adapter.name == "reference:generic"


def test_resolve_replay_adapter(tmp_path: Path) -> None:
    samples = tmp_path / "s.jsonl"
    samples.write_text('{"item_id": "a", "sample_idx": 0, "completion": "x", "model": "m"}\n')
    adapter = resolve_adapter(f"replay:{samples}")
    assert isinstance(adapter, ReplayAdapter)
    assert adapter.name == "m"
    assert adapter.counts() == {"a": 1}


def test_resolve_unknown_adapter_names_known_ones() -> None:
    with pytest.raises(AdapterError) as info:
        resolve_adapter("nope")
    message = str(info.value)
    assert "'nope'" in message
    assert "reference" in message
    assert "replay" in message


def test_resolve_misspelt_adapter_suggests() -> None:
    with pytest.raises(AdapterError, match="did you mean 'replay'"):
        resolve_adapter("replya:x.jsonl")


@pytest.mark.parametrize("spec", ["", "   ", ":argument"])
def test_resolve_empty_spec(spec: str) -> None:
    with pytest.raises(AdapterError, match="empty model spec"):
        resolve_adapter(spec)


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("PATH,peft=DIR,dtype=bfloat16", ("PATH", {"peft": "DIR", "dtype": "bfloat16"})),
        ("", ("", {})),
        ("PATH", ("PATH", {})),
        ("peft=DIR", ("", {"peft": "DIR"})),
        (" PATH , dtype = bfloat16 ", ("PATH", {"dtype": "bfloat16"})),
        ("PATH,url=http://h/?a=b", ("PATH", {"url": "http://h/?a=b"})),
    ],
)
def test_split_options(argument: str, expected: tuple[str, dict[str, str]]) -> None:
    assert split_options(argument) == expected


@pytest.mark.parametrize("argument", ["a,b", "PATH,peft=DIR,extra"])
def test_split_options_rejects_second_positional(argument: str) -> None:
    with pytest.raises(AdapterError, match="is not key=value"):
        split_options(argument)
