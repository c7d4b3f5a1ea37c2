"""CGD builder: docstring parsing, example programs, sandbox verification, records, dedup."""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence

import pytest

from gpiot_models.data import arguments, cgd, docstrings, programs, units, verify
from gpiot_models.data.walk import ApiObject, walk
from harness import sandbox
from harness.adapters import AdapterError, GenerationRequest

NUMPYDOC = """Smooth a signal with a moving average.

The window is centred; the ends are padded with the edge values.

Parameters
----------
x : ndarray
    Samples to smooth.
width : int, optional
    Window length in samples.

Returns
-------
smoothed : ndarray
    The smoothed samples.

Raises
------
ValueError
    If `width` is not positive.

Examples
--------
>>> import numpy as np
>>> x = np.array([1.0, 2.0, 6.0])
>>> np.convolve(x, np.ones(3) / 3, mode="same")
array([1., 3., 2.66666667])

A wider window:

>>> np.convolve(x, np.ones(5) / 5,
...             mode="same")  # doctest: +SKIP
>>> np.convolve(x, [])
Traceback (most recent call last):
ValueError: v cannot be empty
"""

GOOGLE = """Apply a tiny layer.

Args:
    features (int): number of inputs.

Examples::

    >>> layer = nn.Linear(4, 2)
    >>> out = layer(torch.ones(3, 4))
"""


def test_numpydoc_parse_fields_and_blocks() -> None:
    doc = docstrings.parse(NUMPYDOC)
    assert doc.summary == "Smooth a signal with a moving average."
    assert doc.extended.startswith("The window is centred")
    assert [(p.name, p.type) for p in doc.params] == [("x", "ndarray"), ("width", "int, optional")]
    assert [(r.name, r.type) for r in doc.returns] == [("smoothed", "ndarray")]
    assert [r.type for r in doc.raises] == ["ValueError"]
    assert len(doc.examples) == 2
    first, second = doc.examples
    assert first.narrative == ""
    assert [s.source for s in first.statements] == [
        "import numpy as np",
        "x = np.array([1.0, 2.0, 6.0])",
        'np.convolve(x, np.ones(3) / 3, mode="same")',
    ]
    assert first.statements[2].want == "array([1., 3., 2.66666667])"
    assert second.narrative == "A wider window:"
    # the continuation line is joined, the directive removed, the flags kept
    assert second.statements[0].source == 'np.convolve(x, np.ones(5) / 5,\n            mode="same")'
    assert (second.statements[0].skip, second.statements[0].raises) == (True, False)
    assert (second.statements[1].skip, second.statements[1].raises) == (False, True)


def test_google_examples_section_and_signature_line() -> None:
    doc = docstrings.parse(GOOGLE)
    assert [(p.name, p.type) for p in doc.params] == [("features", "int")]
    assert [s.source for s in doc.examples[0].statements] == [
        "layer = nn.Linear(4, 2)",
        "out = layer(torch.ones(3, 4))",
    ]
    ufunc = docstrings.parse("add(x1, x2, /)\n\nAdd arguments element-wise.\n")
    assert ufunc.signature_line == "add(x1, x2, /)"
    assert ufunc.summary == "Add arguments element-wise."


def test_wrapped_summary_is_joined_and_in_place_calls_are_not_outputs() -> None:
    doc = docstrings.parse(
        "Creates a loss that compares a multi-label\none-versus-all target.\n\nDetails follow.\n"
    )
    assert doc.summary == "Creates a loss that compares a multi-label one-versus-all target."
    assert doc.extended == "Details follow."
    block = _units("out = loss_fn(x)", "out.backward()", "out.item()")
    program = programs.build_program([_units("x = 1.0")], block, frozenset({"loss_fn"}), "f", "")
    assert program is not None
    assert [o.expression for o in program.outputs] == ["out.item()"]
    assert "    out.backward()\n" in program.code


def _units(*sources: str) -> list[units.Unit]:
    made = [units.make_unit(s) for s in sources]
    assert all(u is not None for u in made)
    return [u for u in made if u is not None]


def test_program_lifts_inputs_drops_plots_and_returns_displays() -> None:
    context = [
        _units(
            "import numpy as np",
            "import matplotlib.pyplot as plt",
            "x = np.arange(6.0)",
            "fig, ax = plt.subplots()",
            "ax.plot(x)",
        )
    ]
    block = _units("w = 3", "y = np.convolve(x, np.ones(w) / w)", "ax.plot(y)", "y.max()")
    program = programs.build_program(
        context,
        block,
        frozenset({"convolve"}),
        "use_convolve",
        "Average three samples.",
        ("a", "v", "mode"),
    )
    assert program is not None
    assert program.params == ("x", "w")  # built earlier, read by the core, in reading order
    assert program.param_roles == {"x": "a"}  # passed positionally as the documented `a`
    assert [o.name for o in program.outputs] == ["result"]
    assert "plt" not in program.code and "ax." not in program.code
    assert "import numpy as np" in program.code
    assert "def use_convolve(x, w):" in program.code
    assert "    result = y.max()\n    return result" in program.code
    assert programs.build_program([], _units("z = 1"), frozenset({"convolve"}), "f", "") is None


@pytest.mark.needs_bwrap
def test_program_runs_in_sandbox_and_probe_reports_types() -> None:
    block = _units(
        "import numpy as np",
        "x = np.linspace(0.0, 1.0, 8)",
        "np.fft.rfft(x)",
        "np.fft.rfftfreq(x.size, d=0.5)",
    )
    program = programs.build_program([], block, frozenset({"rfft"}), "use_rfft", "Spectrum.")
    assert program is not None and program.params == ("x",)
    status, value = verify._run(
        program.probe_code, programs.PROBE_ENTRY, sandbox.Limits(wall_seconds=20)
    )
    assert status == "ok"
    seen = json.loads(bytes(value.tobytes()).decode())
    assert seen["inputs"] == [{"type": "numpy.ndarray", "shape": [8], "dtype": "float64"}]
    assert seen["outputs"] == [
        {"type": "numpy.ndarray", "shape": [5], "dtype": "complex128"},
        {"type": "numpy.ndarray", "shape": [5], "dtype": "float64"},
    ]


def _api(text: str, name: str) -> ApiObject:
    doc = docstrings.parse(inspect.cleandoc(text))
    return ApiObject(
        qualname=f"numpy.{name}",
        name=name,
        target="numpy",
        kind="function",
        signature=f"{name}(a)",
        doc=doc,
        package="NumPy",
        version="numpy==0",
        domain="numerical_computing",
        api_params=("a",),
    )


@pytest.mark.needs_bwrap
@pytest.mark.slow
def test_examples_that_fail_are_dropped_and_chains_keep_what_ran() -> None:
    good = _api(
        """Sum of array elements.

        Examples
        --------
        >>> a = np.arange(4)
        >>> np.sum(a)
        6

        Along an axis:

        >>> np.sum(a.reshape(2, 2), axis=0)
        array([2, 4])

        This one cannot run:

        >>> np.sum(undefined_name)
        """,
        "sum",
    )
    bad = _api(
        """Mean of array elements.

        Examples
        --------
        >>> np.mean(np.arange(3)) / 0 + missing
        """,
        "mean",
    )
    results, stats = verify.verify_all([good, bad], threads=2)
    assert [ran.index for ran in results[0].examples] == [0, 1]
    assert results[1].examples == [] and results[1].demo is None
    assert (stats.tried, stats.ran, stats.outcomes["runtime_error"]) == (4, 2, 2)
    assert results[0].demo is not None and "print(np.sum(a))" in results[0].demo
    records = cgd.records_for(results[0])
    assert [r["task_type"] for r in records] == [
        "module_description",
        "module_implementation",
        "example_implementation",
        "example_implementation",
    ]
    spec = records[3]["messages"][1]["content"]
    assert spec.startswith("**Target**\nWrite a Python function `use_sum_2`")
    assert "**Input Specification**\n- `a` (numpy.ndarray): " in spec
    assert "(in the example: shape (2,), dtype int64)" in spec
    assert all(r["package_version"] == "numpy==0" and r["operator"] == "" for r in records)
    assert [m["role"] for m in records[0]["messages"]] == ["system", "user", "assistant"]
    assert cgd.records_for(results[1])[0]["task_type"] == "module_description"


def test_dedup_drops_repeats_and_renamed_copies() -> None:
    def record(task: str, user: str, code: str) -> dict[str, object]:
        return {
            "task_type": task,
            "messages": [
                {"role": "system", "content": "s"},
                {"role": "user", "content": user},
                {"role": "assistant", "content": f"```python\n{code}```"},
            ],
        }

    records = [
        record("module_description", "A", "x = 1\n"),
        record("module_description", "A", "x  =  1\n"),  # same after whitespace
        record("example_implementation", "B", "def use_f():\n    return 1\n"),
        record("example_implementation", "C", "def use_g():\n    return 1\n"),
        record("example_implementation", "D", "def use_h():\n    return 2\n"),
    ]
    kept, removed = cgd.dedup(records)
    assert removed == 2
    assert [r["messages"][1]["content"] for r in kept] == ["A", "B", "D"]


def test_walk_reads_a_real_module_with_versions_and_limit() -> None:
    apis = walk("scipy.fft", limit=3)
    assert len(apis) == 3
    assert all(a.version.startswith("scipy==") and a.domain == "signal_processing" for a in apis)
    assert [a.name for a in apis] == sorted(a.name for a in apis)
    assert all(a.qualname == f"scipy.fft.{a.name}" and a.doc.summary for a in apis)


class _DocWriter:
    """A model adapter (the protocol) that writes fixed documentation and records requests."""

    name = "doc-writer"

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.requests: list[GenerationRequest] = []

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        self.requests += list(requests)
        if self.fail:
            raise AdapterError("the model server went away")
        return [
            ["# Rewritten documentation\n\nA longer explanation written by the model."]
            for _ in requests
        ]


@pytest.mark.needs_bwrap
def test_adapter_rewrites_module_documentation_or_falls_back() -> None:
    writer = _DocWriter()
    records, stats = cgd.build_cgd(["scipy.fft"], limit=1, adapter=writer)
    impl = next(r for r in records if r["task_type"] == "module_implementation")
    answer = impl["messages"][2]["content"]
    assert answer.endswith(
        "# Rewritten documentation\n\nA longer explanation written by the model."
    )
    assert (stats.rewritten, stats.rewrite_fallbacks) == (1, 0)
    request = writer.requests[0]
    assert request.messages[1].content == cgd.metadata_text(walk("scipy.fft", limit=1)[0])
    broken = _DocWriter(fail=True)
    records, stats = cgd.build_cgd(["scipy.fft"], limit=1, adapter=broken)
    impl = next(r for r in records if r["task_type"] == "module_implementation")
    assert "| Parameter | Type | Description |" in impl["messages"][2]["content"]
    assert (stats.rewritten, stats.rewrite_fallbacks) == (0, 1)


IPYTHON_DOC = """Find peaks in a simulated heart signal.

Examples
--------
* **Example 1**: the default method.

.. ipython:: python

  import numpy as np

  signal = np.sin(np.linspace(0, 20, 200))
  @savefig peaks.png scale=100%
  peaks = np.flatnonzero(signal > 0.99)
  @suppress
  plt.close()

* **Example 2**: shown, not run.

.. ipython:: python
  :okwarning:

  @verbatim
  download_the_data()
  total = float(signal.sum())
"""


def test_sphinx_ipython_directives_become_example_blocks() -> None:
    doc = docstrings.parse(IPYTHON_DOC)
    assert [b.narrative for b in doc.examples] == [
        "* **Example 1**: the default method.",
        "* **Example 2**: shown, not run.",
    ]
    first, second = doc.examples
    assert [s.source for s in first.statements] == [
        "import numpy as np",
        "signal = np.sin(np.linspace(0, 20, 200))",
        "peaks = np.flatnonzero(signal > 0.99)",
        "plt.close()",
    ]
    assert [(s.source, s.skip) for s in second.statements] == [
        ("download_the_data()", True),
        ("total = float(signal.sum())", False),
    ]
    units_ = units.block_units(first)
    assert units_ is not None
    program = programs.build_program([], units_, frozenset({"flatnonzero"}), "use_it", "Find.")
    assert program is not None and "plt" not in program.code  # pyplot without import is plotting


def test_variadic_positional_arguments_bind_to_the_variadic_parameter() -> None:
    import numpy as np

    einsum = next(a for a in walk("numpy") if a.name == "einsum")
    assert einsum.api_params[0] == "*operands" and "out" in einsum.api_params
    assert arguments.positional_names(einsum.api_params, 2) == ["operands", "operands"]
    assert arguments.positional_names(("x", "*", "axis"), 2) == ["x", ""]
    assert arguments.positional_names(("a", "b", "**kw"), 1) == ["a"]
    assert np.einsum("ii", np.eye(2)) == 2.0


def test_spec_inputs_must_name_the_functions_parameters() -> None:
    from gpiot_models.data.measures import spec_matches

    def record(inputs: str, params: str, doc: str = "") -> dict[str, object]:
        user = (
            f"**Target**\nDo it.\n\n**Input Specification**\n{inputs}\n\n"
            "**Output Specification**\n- `y` (int): y"
        )
        answer = (
            f'```python\ndef use_it({params}):\n    """{doc}"""\n    return 1\n\n\n'
            "def main():\n    pass\n```"
        )
        return {
            "task_type": "example_implementation",
            "messages": [{"content": ""}, {"content": user}, {"content": answer}],
        }

    assert spec_matches(record("- `a` (int): a\n- `b` (str): b", "a, b")) is True
    assert spec_matches(record("- `b` (str): b", "a, b")) is False
    # backticks inside the code (a docstring quoting ```joblib``) do not end the code block
    assert spec_matches(record("- `a` (int): a", "a", "needs ```joblib``")) is True
    assert spec_matches({"task_type": "module_description", "messages": []}) is None


def test_iot_relevance_counts_iot_packages_and_iot_text() -> None:
    from gpiot_models.data.relevance import is_iot, shares

    def record(source: str, text: str) -> dict[str, object]:
        return {"source": source, "messages": [{"content": ""}, {"content": text}]}

    rows = [
        record("scipy.signal.welch", "Estimate it."),
        record("paho.mqtt.client.Client.publish", "Send a message."),
        record("pandas.Series.resample", "Resample a sensor's time series to 1 Hz."),
        record("numpy.char.upper", "Upper-case every string."),
        record("ahrs.filters.Madgwick", "Estimate the attitude."),
    ]
    assert [is_iot(r) for r in rows] == [True, True, True, False, True]
    measured = shares(rows)
    assert measured["share"] == 0.8 and measured["by_package"]["numpy"]["iot"] == 0


def test_data_written_into_the_call_become_the_functions_inputs() -> None:
    block = _units("import numpy as np", "np.add(1.0, 4.0)", "x1 = np.arange(3.0)", "np.add(x1, 2)")
    program = programs.build_program(
        [], block, frozenset({"add"}), "use_add", "Add.", ("x1", "x2", "/", "out")
    )
    assert program is not None
    # x1 is bound later in the example, so the lifted first argument takes a fresh name
    assert program.params == ("x1_2", "x2")
    assert program.param_roles == {"x1_2": "x1", "x2": "x2"}
    assert "    result_1 = np.add(x1_2, x2)\n" in program.code
    assert "    x1_2 = 1.0\n    x2 = 4.0\n    output = use_add(x1_2, x2)\n" in program.code
    # a parameter named like a builtin or an import never shadows it
    block = _units("from scipy.fft import dct", "import numpy as np", "dct(np.ones(4), 1)")
    program = programs.build_program([], block, frozenset({"dct"}), "f", "", ("x", "type"))
    assert program is not None and program.params == ("x", "type_")
    # the object a method is called on is an input named after its class
    block = _units("import pandas as pd", "pd.Series([1.0, 3.0]).rolling(2).mean()")
    program = programs.build_program(
        [], block, frozenset({"rolling"}), "f", "", ("window",), owner="series"
    )
    assert program is not None and program.params == ("series", "window")
    assert program.param_roles == {"series": "self", "window": "window"}
    # inputs built earlier stay as they were: nothing is lifted
    block = _units("import numpy as np", "a = np.ones(3)", "np.add(a, 1.0)")
    program = programs.build_program([], block, frozenset({"add"}), "f", "", ("x1", "x2"))
    assert program is not None and program.params == ("a",) and "1.0)" in program.code


@pytest.mark.needs_bwrap
def test_an_example_whose_function_takes_no_input_is_context_not_a_record() -> None:
    rng = _api(
        """Construct a random generator.

        Examples
        --------
        >>> np.random.default_rng().integers(0, 1)
        0

        Seeded:

        >>> seed = 5
        >>> np.random.default_rng(seed).integers(0, 1)
        0
        """,
        "default_rng",
    )
    [result], stats = verify.verify_all([rng], threads=1)
    assert stats.no_inputs == 1 and stats.ran == 2
    assert [ran.index for ran in result.examples] == [1]  # the first has nothing to lift
    assert result.examples[0].program.params == ("seed",)


def test_a_target_can_be_read_in_part_and_names_what_it_lacks() -> None:
    from gpiot_models.data.targets import DEFAULT_TARGETS, Target
    from gpiot_models.data.walk import TargetError

    apis = walk(Target("numpy", frozenset({"convolve", "diff"})))
    assert [a.name for a in apis] == ["convolve", "diff"]
    with pytest.raises(TargetError, match="no public member"):
        walk(Target("numpy", frozenset({"convolve", "not_a_numpy_function"})))
    partial = {t.name: t for t in DEFAULT_TARGETS if t.members is not None}
    assert {"numpy", "pandas.Series", "torch.nn"} <= set(partial)
    assert partial["numpy"].label.startswith("numpy (") and "scipy.signal" not in partial
