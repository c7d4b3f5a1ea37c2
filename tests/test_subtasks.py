"""FCR's plan format (any common header style) and the strict paper form, by example."""

from __future__ import annotations

import re

import pytest

from harness.metrics.subtasks import (
    SubTask,
    SubTaskFormatError,
    format_correct,
    format_correctness_rate,
    format_strict,
    parse_plan,
    split_plan,
)

NUMBERED = """1. Requirements and data
   - List the alarm latency and the false-alarm budget.
   - Collect annotated recordings from the public database.

2. Signal processing
   - Band-pass filter the signal and reject artefacts.

3. Evaluation
   - Score sensitivity and false alarms per day on held-out patients.
"""
STYLES = {
    "paper": "- Sub-Task 1 [Load]\n  - Read the files\n\n- Sub-Task 2 [Filter]\n  - Band-pass",
    "numbered": NUMBERED,
    "heading": "## Load the data\n- Read the files\n\n## Filter\n- Band-pass",
    "numbered heading": "### 1. Load\n- Read the files\n\n### 2. Filter\n- Band-pass",
    "bold": "**Load the data**\n- Read the files\n\n**Filter**\n- Band-pass",
    "bold with colon": "**Load:** from disk\n- Read the files\n\n**Filter:**\n- Band-pass",
    "step": "Step 1: Load\n- Read the files\n\nStep 2: Filter\n- Band-pass",
    "nested bullets": "- Load\n  - Read the files\n\n- Filter\n  - Band-pass",
    "prose steps": "1. Load\nRead the files from disk.\n\n2. Filter\nBand-pass the signal.",
}


@pytest.mark.parametrize("name", sorted(STYLES))
def test_common_header_styles_are_well_formed(name: str) -> None:
    plan = parse_plan(STYLES[name])
    assert len(plan) >= 2 and all(part.title and part.steps for part in plan)
    assert format_correct(STYLES[name])
    assert format_strict(STYLES[name]) == (name == "paper")


def test_numbered_plan_with_bullet_steps_parses_by_hand() -> None:
    assert parse_plan(NUMBERED) == [
        SubTask(
            1,
            "Requirements and data",
            (
                "List the alarm latency and the false-alarm budget.",
                "Collect annotated recordings from the public database.",
            ),
        ),
        SubTask(2, "Signal processing", ("Band-pass filter the signal and reject artefacts.",)),
        SubTask(
            3, "Evaluation", ("Score sensitivity and false alarms per day on held-out patients.",)
        ),
    ]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("Here is my plan for the device.\n\n" + NUMBERED, "block 1: first line 'Here is my plan"),
        (NUMBERED + "\nI hope this helps with the project.", "block 4: first line 'I hope"),
        (NUMBERED.replace("\n\n", "\n"), "starts a new sub-task without a blank line"),
        ("## Load\n- Read\n## Filter\n- Band-pass", "starts a new sub-task without a blank line"),
        ("1. Load\n\n2. Filter\n- Band-pass", "block 1: sub-task 'Load' has no steps"),
    ],
)
def test_format_errors_name_the_problem(text: str, needle: str) -> None:
    with pytest.raises(SubTaskFormatError, match=re.escape(needle)):
        parse_plan(text)
    assert not format_correct(text)
    assert not format_strict(text)


def test_fcr_is_the_share_of_well_formed_outputs() -> None:
    outputs = [NUMBERED, STYLES["paper"], NUMBERED.replace("\n\n", "\n"), "just prose"]
    assert format_correctness_rate(outputs) == 0.5


def test_split_plan_never_fails() -> None:
    pieces = split_plan("Intro line\n\n" + NUMBERED.replace("\n\n", "\n"))
    assert [p.title for p in pieces] == [
        "",
        "Requirements and data",
        "Signal processing",
        "Evaluation",
    ]
    assert pieces[0].steps == ("Intro line",)
    assert split_plan("  \n") == []
