"""Tests for harness.sanitize.extract_code: finding the program in a raw completion."""

from __future__ import annotations

import ast
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.sanitize import PARSE_BUDGET, PARSE_SLACK, extract_code

FENCE = "```"


def test_single_fence_with_prose_around() -> None:
    completion = (
        "Here is the solution:\n\n"
        f"{FENCE}python\nimport math\n\ndef area(r):\n    return math.pi * r * r\n{FENCE}\n\n"
        "This computes the area of a circle."
    )
    result = extract_code(completion, "area")
    assert result.method == "fence"
    assert result.code == "import math\n\ndef area(r):\n    return math.pi * r * r\n"


def test_imports_in_first_fence_are_kept_with_entry_point_fence() -> None:
    completion = (
        f"First the imports:\n{FENCE}python\n"
        f"import numpy as np\nfrom scipy import signal\n{FENCE}\n"
        f"Then the function:\n{FENCE}python\ndef detect(x):\n"
        f"    return signal.find_peaks(np.asarray(x))[0]\n{FENCE}\n"
    )
    result = extract_code(completion, "detect")
    assert result.method == "fences"
    assert result.code == (
        "import numpy as np\nfrom scipy import signal\n\n"
        "def detect(x):\n    return signal.find_peaks(np.asarray(x))[0]\n"
    )


def test_usage_example_after_definition_is_left_out() -> None:
    completion = (
        f"{FENCE}python\n"
        f"def detect(x):\n    return [i for i, v in enumerate(x) if v > 0]\n{FENCE}\n"
        f"Example usage:\n{FENCE}python\nprint(detect([0, 1, 0, 2]))\n{FENCE}\n"
    )
    result = extract_code(completion, "detect")
    assert result.method == "fence"
    assert result.code == "def detect(x):\n    return [i for i, v in enumerate(x) if v > 0]\n"


def test_last_definition_of_entry_point_wins() -> None:
    """A corrected second attempt replaces the first; the first is not kept as a helper."""
    completion = (
        f"{FENCE}python\ndef f(x):\n    return x\n{FENCE}\n"
        f"Actually, it should double:\n{FENCE}python\ndef f(x):\n    return 2 * x\n{FENCE}\n"
    )
    result = extract_code(completion, "f")
    assert result.method == "fence"
    assert result.code == "def f(x):\n    return 2 * x\n"


def test_block_with_top_level_statements_is_not_a_helper() -> None:
    completion = (
        f"{FENCE}python\nimport math\nprint(math.pi)\n{FENCE}\n"
        f"{FENCE}python\ndef f(x):\n    return x\n{FENCE}\n"
    )
    result = extract_code(completion, "f")
    assert result.method == "fence"
    assert result.code == "def f(x):\n    return x\n"


@pytest.mark.parametrize("tag", ["bash", "sh", "shell", "console", "text", "output", "BASH"])
def test_non_python_fences_are_ignored(tag: str) -> None:
    completion = (
        f"Install the dependency:\n{FENCE}{tag}\npip install numpy\n{FENCE}\n"
        f"Then:\n{FENCE}python\nimport numpy as np\n\ndef f(x):\n    return np.sum(x)\n{FENCE}\n"
        f"Output:\n{FENCE}{tag}\n6\n{FENCE}\n"
    )
    result = extract_code(completion, "f")
    assert result.method == "fence"
    assert result.code == "import numpy as np\n\ndef f(x):\n    return np.sum(x)\n"


def test_only_bash_fence_falls_back_to_unfenced_code() -> None:
    completion = f"Run:\n{FENCE}bash\npip install numpy\n{FENCE}\n\ndef f(x):\n    return x + 1\n"
    result = extract_code(completion, "f")
    assert result.method == "trimmed"
    assert result.code == "def f(x):\n    return x + 1\n"


def test_entry_point_in_no_fence_takes_first_python_fence() -> None:
    completion = f"{FENCE}python\ndef g():\n    pass\n{FENCE}\n{FENCE}python\nx = 1\n{FENCE}\n"
    result = extract_code(completion, "f")
    assert result.method == "fence"
    assert result.code == "def g():\n    pass\n"


@pytest.mark.parametrize(
    "code",
    [
        "import math\n\n\ndef f(x):\n    return math.sqrt(x)\n",
        "def f(x):\n    return x",  # no final newline: kept exactly as given
        "class Detector:\n    pass\n\n\nasync def f():\n    return Detector()\n",
    ],
)
def test_unfenced_valid_code_is_used_whole(code: str) -> None:
    result = extract_code(code, "f")
    assert result.method == "whole"
    assert result.code == code


def test_prose_code_prose_is_trimmed() -> None:
    completion = (
        "Sure! Here is a function that filters the signal.\n"
        "import math\n"
        "def f(x):\n"
        "    return math.floor(x)\n"
        "\n"
        "This function rounds x down, as requested.\n"
    )
    result = extract_code(completion, "f")
    assert result.method == "trimmed"
    assert result.code == "import math\ndef f(x):\n    return math.floor(x)\n"
    ast.parse(result.code)


@pytest.mark.parametrize(
    "completion",
    [
        "I'm sorry, I cannot write this function.",
        "The answer depends on the sensor.\nPlease provide the sampling rate first.",
        "",
        "  \n\n",
    ],
)
def test_pure_prose_gives_none(completion: str) -> None:
    result = extract_code(completion, "f")
    assert result.method == "none"
    assert result.code == completion


def test_truncated_completion_with_unterminated_fence() -> None:
    completion = f"Sure:\n{FENCE}python\nimport math\n\ndef f(x):\n    return math.sqrt("
    result = extract_code(completion, "f")
    assert result.method == "fence"
    assert result.code == "import math\n\ndef f(x):\n    return math.sqrt(\n"


def test_truncated_fence_after_helper_fence() -> None:
    completion = (
        f"{FENCE}python\nimport math\n{FENCE}\n"
        f"{FENCE}python\ndef f(x):\n    y = math.sqrt(x)\n    return y\n"
    )
    result = extract_code(completion, "f")
    assert result.method == "fences"
    assert result.code == "import math\n\ndef f(x):\n    y = math.sqrt(x)\n    return y\n"


@pytest.mark.parametrize("opening", [FENCE, f"{FENCE}py", f"{FENCE}Python", f"{FENCE} python3"])
def test_tagless_and_variant_tag_fences(opening: str) -> None:
    completion = f"Code:\n{opening}\ndef f(x):\n    return -x\n{FENCE}\nDone."
    result = extract_code(completion, "f")
    assert result.method == "fence"
    assert result.code == "def f(x):\n    return -x\n"


def test_tilde_fences_yield_the_code_without_the_fence_lines() -> None:
    completion = (
        "Here you go:\n~~~python\nimport math\n\ndef f(x):\n    return math.exp(x)\n~~~\n"
        "It exponentiates x."
    )
    result = extract_code(completion, "f")
    assert result.method == "trimmed"
    assert result.code == "import math\n\ndef f(x):\n    return math.exp(x)\n"


@pytest.mark.parametrize("shape", ["fence", "whole", "trimmed", "none"])
def test_extraction_never_executes_the_completion(tmp_path: Path, shape: str) -> None:
    marker = tmp_path / "pwned"
    payload = (
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\ndef f():\n    return 1\n"
    )
    completion = {
        "fence": f"{FENCE}python\n{payload}{FENCE}\n",
        "whole": payload,
        "trimmed": f"Here it is:\n{payload}\nThat is all.",
        "none": f"Here it is:\ndef f(:\n{payload}",  # no prefix from `def` parses
    }[shape]
    result = extract_code(completion, "f")
    assert result.method == shape
    assert str(marker) in result.code
    assert not marker.exists()


MB = 1_000_000


def _megabyte(unit: str, head: str = "", tail: str = "") -> str:
    return head + unit * ((MB - len(head) - len(tail)) // len(unit)) + tail


@pytest.fixture
def backstop() -> Iterator[None]:
    """Fail instead of hanging if the extractor ever turns quadratic again (not a timing test:
    the bound under test is the count of parsed characters)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("extractor still running after 120 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    ("text", "method"),
    [
        (_megabyte("This line explains the code.\n", "def f(x):\n    return x\n"), "trimmed"),
        (_megabyte("a(\n", "def f(x):\n"), "none"),
        (_megabyte("```"), "none"),
        (_megabyte("\n", "", "def f(x):\n    return x\n"), "whole"),
        (
            _megabyte("```python\nimport os\n```\n", "", "```python\ndef f():\n    pass\n```"),
            "fences",
        ),
        (_megabyte("(", "def f(x):\n    return "), "none"),
        (_megabyte("y = 2\n\0", "def f(x):\n    return x\n"), "trimmed"),
        (_megabyte("from " + "a" * 200 + "\n"), "none"),
    ],
    ids=[
        "prose-after-code",
        "short-lines-after-def",
        "fence-openings",
        "blank-lines",
        "helper-fences",
        "open-brackets",
        "null-bytes",
        "import-lookalikes",
    ],
)
def test_adversarial_megabyte_is_parsed_at_most_twice(
    text: str, method: str, backstop: None
) -> None:
    """Linear work on 1 MB built to make a naive extractor quadratic: every character reaches
    the parser at most twice (benchmarks/extractor.py measures the time)."""
    result = extract_code(text, "f")
    assert result.method == method
    assert result.parsed_chars <= 2 * len(text) + PARSE_SLACK
    if method in ("trimmed", "whole"):
        ast.parse(result.code)


def test_prose_cut_needs_no_parse_per_line() -> None:
    """8,000 lines of prose after a function (the case that took minutes): the cut lands at the
    first prose line after one parse of the whole text and one of the kept code."""
    completion = "def f(x):\n    return x\n" + "It returns x unchanged, as asked.\n" * 8000
    result = extract_code(completion, "f")
    assert result.method == "trimmed" and result.code == "def f(x):\n    return x\n"
    assert result.parsed_chars == len(completion) + len(result.code)


def test_parse_budget_bounds_every_completion() -> None:
    """A completion whose every cut uncovers an earlier error: the cuts stop after MAX_CUTS or
    when the budget is spent, and the result is then "none", never more work."""
    completion = "".join(f"x{i} = (\n" for i in range(300)) + "def f(x):\n    return x\n"
    assert extract_code(completion, "f").code == "def f(x):\n    return x\n"
    tangled = "\n".join(
        ["def f(x):", "    y = (x +", "  bad indent", "f'{", "    return x + 1"] * 2000
    )
    result = extract_code(tangled, "f")
    assert result.parsed_chars <= PARSE_BUDGET * len(tangled) + PARSE_SLACK
    assert result.method in ("trimmed", "none")
