"""`iotbench serve` as a real process on 127.0.0.1: the OpenAI API over an adapter, errors, signals.

The hf server loads a tiny random Llama saved by the test; the openai adapter then talks to it,
which is how a model reaches the benchmark through ``--model openai:...``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tiny_llm import build_tiny_llm

from harness.adapters import GenerationRequest, Message, resolve_adapter

STARTUP_LIMIT = 180.0  # seconds; importing torch + transformers is slow on a busy 2-core machine


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    stdout: Path
    stderr: Path


def start(spec: str, logs: Path) -> Server:
    """Run `iotbench serve SPEC --port 0` and wait for the URL it prints (bounded)."""
    logs.mkdir(parents=True, exist_ok=True)
    stdout, stderr = logs / "stdout.txt", logs / "stderr.txt"
    env = dict(
        os.environ,
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "iotbench.cli",
                "serve",
                spec,
                "--host",
                "127.0.0.1",
                "--port",
                "0",
            ],
            stdout=out,
            stderr=err,
            env=env,
        )
    deadline = time.monotonic() + STARTUP_LIMIT
    while time.monotonic() < deadline:
        found = re.search(r"http://127\.0\.0\.1:\d+/v1", stdout.read_text(encoding="utf-8"))
        if found:
            return Server(process, found.group(0), stdout, stderr)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    process.wait(timeout=10)
    raise AssertionError(f"server did not start: {stderr.read_text(encoding='utf-8')[-2000:]}")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@pytest.fixture(scope="module")
def hf_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    pytest.importorskip("transformers")
    model = build_tiny_llm(tmp_path_factory.mktemp("serve") / "tiny-llama")
    server = start(f"hf:{model},batch_size=4,threads=1", tmp_path_factory.mktemp("serve-logs"))
    yield server
    stop(server)


@pytest.fixture(scope="module")
def reference_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start("reference", tmp_path_factory.mktemp("reference"))  # no torch: starts fast
    yield server
    stop(server)


def call(url: str, body: Any = None, raw: bytes | None = None) -> tuple[int, dict[str, Any]]:
    """One HTTP request (POST when a body is given); the status and the JSON answer."""
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def requests() -> list[GenerationRequest]:
    messages = (Message("system", "You write Python."), Message("user", "Detect R peaks."))
    return [
        GenerationRequest(
            item_id=f"item{k}",
            messages=messages,
            prompt="Detect R peaks.",
            n=n,
            temperature=0.9,
            max_new_tokens=6,
            seed=5,
        )
        for k, n in enumerate([2, 3])
    ]


@pytest.mark.parametrize("api", ["chat", "completions"])
def test_openai_adapter_through_served_hf_model(hf_server: Server, api: str) -> None:
    spec = f"openai:tiny,base_url={hf_server.url},api={api},backoff=0.1"
    first = resolve_adapter(spec).generate(requests())
    second = resolve_adapter(spec).generate(requests())
    assert [len(c) for c in first] == [2, 3]
    assert all(isinstance(t, str) for c in first for t in c)
    assert first == second  # fixed seed: the same completions run to run
    assert len(set(first[1])) > 1


def test_http_api_honours_n_stop_seed_and_reports_finish_reason(hf_server: Server) -> None:
    status, models = call(f"{hf_server.url}/models")
    assert status == 200 and models["data"][0]["id"] == "tiny-llama"
    body = {
        "model": "x",
        "messages": [{"role": "user", "content": "hi"}],
        "n": 3,
        "max_tokens": 12,
        "seed": 4,
        "temperature": 0,
    }
    status, chat = call(f"{hf_server.url}/chat/completions", body)
    assert status == 200 and chat["object"] == "chat.completion"
    assert [c["index"] for c in chat["choices"]] == [0, 1, 2]
    texts = [c["message"]["content"] for c in chat["choices"]]
    assert len(set(texts)) == 1 and chat["choices"][0]["finish_reason"] == "length"
    text = texts[0]
    stop_at = next(i for i in range(3, len(text)) if text[i].isascii() and text[i].isalnum())
    status, cut = call(f"{hf_server.url}/chat/completions", {**body, "stop": [text[stop_at]]})
    assert cut["choices"][0]["message"]["content"] == text[: text.index(text[stop_at])]
    assert cut["choices"][0]["finish_reason"] == "stop"
    prompt = {"prompt": ["def f(x):", "import numpy"], "n": 2, "max_tokens": 5, "seed": 9}
    status, completion = call(f"{hf_server.url}/completions", prompt)
    assert status == 200 and len(completion["choices"]) == 4
    assert completion == {
        **call(f"{hf_server.url}/completions", prompt)[1],
        "id": completion["id"],
        "created": completion["created"],
    }


@pytest.mark.parametrize(
    ("path", "body", "status", "param"),
    [
        ("/chat/completions", {"messages": []}, 400, "messages"),
        ("/chat/completions", {"messages": [{"role": "robot", "content": "x"}]}, 400, "messages"),
        ("/chat/completions", {"messages": [{"role": "user", "content": "x"}], "n": 0}, 400, "n"),
        ("/completions", {"prompt": "x", "stream": True}, 400, "stream"),
        ("/completions", {"prompt": "x", "temperature": 9}, 400, "temperature"),
        ("/completions", {"prompt": 3}, 400, "prompt"),
        ("/embeddings", {"input": "x"}, 404, None),
    ],
)
def test_bad_requests_get_openai_style_errors(
    reference_server: Server, path: str, body: dict[str, Any], status: int, param: str | None
) -> None:
    got, answer = call(reference_server.url + path, body)
    assert got == status
    assert answer["error"]["param"] == param and answer["error"]["message"]


def test_invalid_json_and_adapter_failures_are_json_errors(reference_server: Server) -> None:
    status, answer = call(f"{reference_server.url}/completions", raw=b"{not json")
    assert status == 400 and "invalid JSON" in answer["error"]["message"]
    # The reference adapter needs an item's shipped solution, which a served prompt lacks.
    status, answer = call(f"{reference_server.url}/completions", {"prompt": "x"})
    assert status == 500 and answer["error"]["type"] == "server_error"
    assert "ships no 'reference' solution" in answer["error"]["message"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signals_stop_the_server_cleanly(tmp_path: Path, signum: int) -> None:
    server = start("reference", tmp_path)
    try:
        assert call(f"{server.url}/models")[0] == 200
        server.process.send_signal(signum)
        assert server.process.wait(timeout=15) == 0
        assert "stopped" in server.stdout.read_text(encoding="utf-8")
    finally:
        stop(server)


def test_a_spec_that_cannot_load_exits_2_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "iotbench.cli",
            "serve",
            f"hf:{tmp_path / 'missing'}",
            "--port",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not exist" in lines[0]
