"""The TD → RTSLM → CG pipeline: sub-task splitting, names, the item contract, assembly, retries."""

from __future__ import annotations

import ast
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import iotbench
from gpiot_models.assembly import assemble, defines
from gpiot_models.pipeline import (
    CG_SYSTEM,
    TD_SYSTEM,
    Pipeline,
    function_name,
    parse_contract,
    split_subtasks,
)
from gpiot_models.rtslm import RTSLM, Parameter, Sampling
from harness.adapters import GenerationRequest, Message

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ITEMS = Path(iotbench.__file__).parent / "items"
HD_PROMPT = (ITEMS / "hd_synthetic_ecg" / "prompt.md").read_text(encoding="utf-8")

PLAN = (
    "- Sub-Task 1 [Filter the ECG]\n  - band-pass 5-15 Hz with scipy.signal\n\n"
    "- Sub-Task 2 [Find the heartbeats]\n  - threshold the integrated energy\n"
)
HELPER = (
    "Here you go:\n```python\nimport numpy as np\n"
    "from scipy.signal import butter, sosfiltfilt\n\n\n"
    "def filter_ecg(signal, fs):\n    # zero-phase band-pass\n"
    "    sos = butter(2, [5, 15], btype='bandpass', fs=fs, output='sos')\n"
    "    return sosfiltfilt(sos, signal)\n\n\nprint(filter_ecg(np.zeros(9), 100.0))\n```\n"
)
WRONG_NAME = (
    "```python\nimport numpy as np\n\ndef find_peaks_simple(x):\n    return np.argmax(x)\n```"
)
ENTRY = (
    "```python\nimport numpy as np\n\n\ndef detect_r_peaks(signal, fs):\n"
    "    energy = filter_ecg(signal, fs) ** 2\n"
    "    return np.flatnonzero(energy > energy.mean())\n```"
)
RT_TARGET = "Band-pass filter the ECG signal to keep the QRS energy."
RT_PARAMS = "Inputs:\n- signal (numpy.ndarray): ECG\nOutputs:\n- filtered (numpy.ndarray): ECG"


class ScriptedRoles:
    """A RoleModel answering from one queue per role; records (role, messages, n, seed, stop)."""

    def __init__(self, **answers: list[str]) -> None:
        self.answers = {role: list(texts) for role, texts in answers.items()}
        self.calls: list[tuple[str, tuple[Message, ...], int, int, tuple[str, ...]]] = []

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
        self.calls.append((role, tuple(messages), n, seed, tuple(stop)))
        return [self.answers[role].pop(0) for _ in range(n)]

    @property
    def roles(self) -> list[str]:
        return [call[0] for call in self.calls]


def test_split_subtasks_strict_lenient_and_fallback() -> None:
    strict, ok = split_subtasks(PLAN, "req", limit=5)
    assert ok and [s.title for s in strict] == ["Filter the ECG", "Find the heartbeats"]
    assert strict[1].text == "Find the heartbeats\nthreshold the integrated energy"
    lenient, ok = split_subtasks(
        "1. Load the ECG records\nread them with wfdb\n\n"
        "(( 3 0.25\n\n- Sub-Task 9 [Count the beats per minute]",
        "req",
        limit=5,
    )
    assert not ok
    assert [(s.number, s.title, s.steps) for s in lenient] == [
        (1, "Load the ECG records", ("read them with wfdb",)),
        (3, "Count the beats per minute", ()),
    ]
    assert [s.title for s in split_subtasks(PLAN * 3, "req", limit=1)[0]] == ["Filter the ECG"]
    (only,), ok = split_subtasks("peak ( 3", "Detect   heartbeats\nin ECG. Then more.", limit=5)
    assert not ok and only.title == "Detect heartbeats in ECG."
    assert only.steps == ("Detect   heartbeats\nin ECG. Then more.",)


def test_function_names() -> None:
    taken: set[str] = set()
    assert function_name("Filter the ECG with a band-pass", taken, 1) == "filter_ecg_band_pass"
    assert function_name("Filter the ECG with a band-pass", taken, 2) == "filter_ecg_band_pass_2"
    assert function_name("Sum", taken, 3) == "sum_step"  # never shadow a builtin
    assert function_name("3) ???", taken, 4) == "step_4"
    assert taken == {"filter_ecg_band_pass", "filter_ecg_band_pass_2", "sum_step", "step_4"}


def test_contract_of_the_heartbeat_item() -> None:
    contract = parse_contract(HD_PROMPT, "detect_r_peaks")
    assert contract.signature == (
        "def detect_r_peaks(signal: numpy.ndarray, fs: float) -> numpy.ndarray:"
    )
    assert contract.inputs == (
        Parameter("signal", "numpy.ndarray, float, 1-D", "one ECG recording in millivolts."),
        Parameter("fs", "float", "the sampling rate of `signal` in Hz."),
    )
    (out,) = contract.outputs
    assert out.name == "result" and out.type == "numpy.ndarray"
    assert out.description.startswith("A 1-D numpy array of integers: the sample index")
    missing = parse_contract("Write something.", "main")
    assert missing.signature is None and missing.inputs == ()


def test_assemble_merges_imports_and_drops_statements() -> None:
    pieces = [
        "import numpy as np\nLIMIT = 3\nx = np.zeros(LIMIT)\n\ndef a():\n    return LIMIT\n",
        "from __future__ import annotations\nimport numpy as np\n\n@staticmethod\n"
        "def b():  # keep me\n    return 2\n\nif __name__ == '__main__':\n    b()\n",
        "def broken(:\n",
        "import os; print(os.sep)\n",
    ]
    assert assemble(pieces) == (
        "from __future__ import annotations\nimport numpy as np\nimport os\n\n\n"
        "LIMIT = 3\n\n\ndef a():\n    return LIMIT\n\n\n@staticmethod\ndef b():  # keep me\n"
        "    return 2\n"
    )
    assert assemble([]) == ""


def test_chain_retries_the_last_subtask_with_the_contract() -> None:
    model = ScriptedRoles(
        td=[PLAN], rt=[RT_TARGET, RT_PARAMS, "Detect R peaks.", ""], cg=[HELPER, WRONG_NAME, ENTRY]
    )
    rtslm = RTSLM(model)
    result = Pipeline(model, rtslm).run(
        HD_PROMPT, Sampling(seed=5, stop=("\n\n\n\n",)), entry_point="detect_r_peaks"
    )
    assert model.roles == ["td", "rt", "rt", "cg", "rt", "rt", "cg", "cg"]
    assert result.format_ok and result.entry_point_source == "contract"
    assert [s.spec.function_name for s in result.steps] == ["filter_ecg", "detect_r_peaks"]
    retry_prompt = model.calls[-1][1][1].content
    assert (
        "It must have exactly this signature:\n```python\ndef detect_r_peaks(signal: "
        "numpy.ndarray, fs: float) -> numpy.ndarray:\n```"
    ) in retry_prompt
    assert "- `fs` (float): the sampling rate of `signal` in Hz." in retry_prompt
    assert model.calls[3][1][0] == Message("system", CG_SYSTEM)
    assert model.calls[0][1] == (Message("system", TD_SYSTEM), Message("user", HD_PROMPT))
    assert {call[4] for call in model.calls if call[0] == "cg"} == {("\n\n\n\n",)}
    assert {call[4] for call in model.calls if call[0] != "cg"} == {()}
    program = result.program
    tree = ast.parse(program)
    assert [type(n).__name__ for n in tree.body] == [
        "Import",
        "ImportFrom",
        "FunctionDef",
        "FunctionDef",
    ]
    assert defines(program, "filter_ecg") and defines(program, "detect_r_peaks")
    assert "print(" not in program and "find_peaks_simple" not in program
    assert result.completion == f"```python\n{program}```\n"
    trace = result.to_json()
    assert trace["steps"][0]["spec_text"].startswith(
        "**Target**\nWrite a Python function `filter_ecg`: Band-pass filter"
    )
    assert trace["steps"][1]["completion"] == ENTRY


def test_a_generated_entry_point_needs_no_retry_and_missing_code_gets_a_placeholder() -> None:
    model = ScriptedRoles(td=["- Sub-Task 1 [Detect peaks]\n  - go"], rt=["", ""], cg=[ENTRY])
    result = Pipeline(model, RTSLM(model)).run(HD_PROMPT, Sampling(), entry_point="detect_r_peaks")
    assert result.entry_point_source == "generated" and model.roles == ["td", "rt", "rt", "cg"]
    model = ScriptedRoles(td=["nothing useful"], rt=["", ""], cg=["no code", "still none"])
    result = Pipeline(model, RTSLM(model)).run(HD_PROMPT, Sampling(), entry_point="detect_r_peaks")
    assert result.entry_point_source == "placeholder" and not result.format_ok
    assert result.program.startswith("def detect_r_peaks(*args, **kwargs):")
    assert "raise NotImplementedError" in result.program
    model = ScriptedRoles(td=[PLAN], rt=["", "", "", ""], cg=[HELPER, WRONG_NAME])
    free = Pipeline(model, RTSLM(model), max_subtasks=2).run("req", Sampling())
    assert free.entry_point_source == "" and defines(free.program, "find_peaks_simple")


def test_run_many_draws_all_decompositions_in_one_call() -> None:
    model = ScriptedRoles(td=[PLAN, PLAN], rt=[""] * 8, cg=[HELPER, ENTRY, WRONG_NAME, ENTRY])
    results = Pipeline(model, RTSLM(model)).run_many(
        HD_PROMPT, Sampling(seed=9), 2, entry_point="detect_r_peaks"
    )
    assert [r.entry_point_source for r in results] == ["generated", "generated"]
    assert model.roles.count("td") == 1 and model.calls[0][2] == 2
    cg_seeds = [call[3] for call in model.calls if call[0] == "cg"]
    assert len(set(cg_seeds)) == 4  # every call of every chain has its own seed


class HFRoles:
    """All roles from one real transformers model (through the hf adapter); records roles."""

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


@pytest.mark.slow  # builds and loads a tiny transformers model
def test_chain_on_a_real_tiny_model_defines_the_entry_point(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    pytest.importorskip("transformers")
    from tiny_llm import build_tiny_llm

    model = HFRoles(build_tiny_llm(tmp_path_factory.mktemp("pipe") / "tiny"))
    (result,) = Pipeline(model, RTSLM(model), max_subtasks=2).run_many(
        HD_PROMPT,
        Sampling(temperature=1.0, max_new_tokens=24, seed=1),
        1,
        entry_point="detect_r_peaks",
    )
    assert defines(result.program, "detect_r_peaks")
    ast.parse(result.program)
    assert 1 <= len(result.steps) <= 2
    assert model.roles[0] == "td" and set(model.roles) == {"td", "rt", "cg"}
    assert all(
        s.spec.render().startswith("**Target**\nWrite a Python function `") for s in result.steps
    )
