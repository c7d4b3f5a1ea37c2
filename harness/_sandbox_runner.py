"""Driver that runs inside the sandbox: load the candidate, call its entry point, save the outputs.

This file is copied into each job and run by a fresh interpreter; it imports nothing from
the project (the project's packages are not visible inside the sandbox).
Usage: runner.py IN_DIR OUT_DIR. IN_DIR holds candidate.py, job.json and inputs.npz; OUT_DIR
receives report.json and outputs.npz.
The report is advisory (the program could overwrite it); the harness scores the outputs itself.
"""

import json
import os
import resource
import sys
import time
import traceback
from typing import Any


def _set_limits(limits: dict[str, Any]) -> None:
    for name, value in (("RLIMIT_AS", limits.get("memory_bytes")),
                        ("RLIMIT_CPU", limits.get("cpu_seconds")),
                        ("RLIMIT_FSIZE", limits.get("file_bytes")),
                        ("RLIMIT_CORE", 0)):
        if value is not None:
            resource.setrlimit(getattr(resource, name), (int(value), int(value)))


def _write_report(out_dir: str, report: dict[str, Any]) -> None:
    with open(os.path.join(out_dir, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle)


def _last_frames(exc: BaseException) -> str:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-3)
    return "".join(lines)[-2000:]


def main() -> None:
    in_dir, out_dir = sys.argv[1], sys.argv[2]
    with open(os.path.join(in_dir, "job.json"), encoding="utf-8") as handle:
        job = json.load(handle)
    _set_limits(job["limits"])
    report: dict[str, Any] = {"status": "runtime_error", "reason": "", "call_seconds": [],
                              "invalid": {}}

    import numpy as np

    with open(os.path.join(in_dir, "candidate.py"), encoding="utf-8", errors="replace") as handle:
        source = handle.read()
    try:
        code = compile(source, "candidate.py", "exec")
    except SyntaxError as exc:
        report.update(status="syntax_error", reason=f"line {exc.lineno}: {exc.msg}")
        return _write_report(out_dir, report)
    except (ValueError, RecursionError, MemoryError) as exc:
        report.update(status="syntax_error", reason=f"cannot compile: {type(exc).__name__}")
        return _write_report(out_dir, report)

    arrays = np.load(os.path.join(in_dir, "inputs.npz"), allow_pickle=False)
    namespace: dict[str, Any] = {"__name__": "candidate", "__file__": "candidate.py"}
    outputs: dict[str, Any] = {}
    try:
        exec(code, namespace)  # noqa: S102 - this is the sandboxed program, by design
        function = namespace.get(job["entry_point"])
        if not callable(function):
            report["reason"] = f"the program defines no function {job['entry_point']!r}"
            return _write_report(out_dir, report)
        for index, call in enumerate(job["calls"]):
            kwargs = dict(call["scalars"])
            for name, key in call["arrays"].items():
                param, dot, part = name.partition(".")
                if dot:  # "X_train.audio" -> X_train={"audio": ...}
                    kwargs.setdefault(param, {})[part] = arrays[key]
                else:
                    kwargs[name] = arrays[key]
            start = time.perf_counter()
            result = function(**kwargs)
            report["call_seconds"].append(time.perf_counter() - start)
            try:
                value = np.asarray(result)
            except Exception as exc:  # noqa: BLE001 - any conversion failure is the program's
                report["invalid"][str(index)] = f"cannot convert to an array: {type(exc).__name__}"
                continue
            if value.dtype.hasobject:
                kind = type(result).__name__
                report["invalid"][str(index)] = f"returned {kind}, not an array of numbers"
                continue
            outputs[f"out{index}"] = value
    except MemoryError:
        report.update(status="oom", reason="MemoryError")
        return _write_report(out_dir, report)
    except RecursionError as exc:
        report.update(status="runtime_error", reason=f"RecursionError: {exc}"[:500])
        return _write_report(out_dir, report)
    except BaseException as exc:  # noqa: BLE001 - SystemExit/KeyboardInterrupt are failures too
        report.update(status="runtime_error",
                      reason=f"{type(exc).__name__}: {exc}"[:500], traceback=_last_frames(exc))
        return _write_report(out_dir, report)
    np.savez(os.path.join(out_dir, "outputs.npz"), allow_pickle=False, **outputs)
    usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    report.update(status="completed", peak_rss_kb=usage)
    return _write_report(out_dir, report)


if __name__ == "__main__":
    main()
