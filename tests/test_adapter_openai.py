"""The openai adapter against a small real HTTP server on 127.0.0.1 that misbehaves on purpose.

The server answers like an OpenAI endpoint but can fail its first k requests (429/5xx), answer
slowly, or return fewer choices than asked; the adapter must retry, fill up n, bound its
concurrency and, when it gives up, say so in one line naming the item.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from harness.adapters import AdapterError, GenerationRequest, Message, resolve_adapter


class FakeEndpoint:
    """Behaviour and a record of every call, shared with the handler threads."""

    def __init__(self) -> None:
        self.fail_first = 0
        self.fail_status = 500
        self.max_choices: int | None = None  # None: as many as asked
        self.delay = 0.0
        self.ignore_stop_suffix = ""
        self.calls: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()

    def handle(
        self, path: str, headers: dict[str, str], body: dict[str, Any]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self.lock:
            self.calls.append({"path": path, "headers": headers, "body": body})
            number = len(self.calls)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
            if number <= self.fail_first:
                return (
                    self.fail_status,
                    {"error": {"message": f"busy ({number})"}},
                    {"Retry-After": "0"},
                )
            if body.get("model") == "bad-request":
                return 400, {"error": {"message": "model bad-request does not exist"}}, {}
            count = body["n"] if self.max_choices is None else min(body["n"], self.max_choices)
            choices = []
            for index in range(count):
                text = f"s{body['seed']}-{index}{self.ignore_stop_suffix}"
                if path.endswith("/chat/completions"):
                    choices.append(
                        {
                            "index": index,
                            "finish_reason": "length",
                            "message": {"role": "assistant", "content": text},
                        }
                    )
                else:
                    choices.append({"index": index, "text": text, "finish_reason": "length"})
            return 200, {"choices": choices[::-1]}, {}  # out of order on purpose
        finally:
            with self.lock:
                self.in_flight -= 1


@pytest.fixture
def endpoint() -> Iterator[tuple[FakeEndpoint, str]]:
    fake = FakeEndpoint()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            status, payload, headers = fake.handle(self.path, dict(self.headers), body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _no_proxy_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def req(item: str = "hd_item", n: int = 3, stop: tuple[str, ...] = ()) -> GenerationRequest:
    messages = (Message("system", "SYSTEM"), Message("user", "USER"))
    return GenerationRequest(
        item_id=item,
        messages=messages,
        prompt="USER",
        n=n,
        temperature=0.5,
        top_p=0.9,
        max_new_tokens=64,
        stop=stop,
        seed=11,
    )


def adapter(url: str, extra: str = "", model: str = "m") -> Any:
    return resolve_adapter(f"openai:{model},base_url={url},backoff=0.01{extra}")


@pytest.mark.parametrize("status", [429, 500, 503])
def test_transient_errors_are_retried_until_success(
    endpoint: tuple[FakeEndpoint, str], status: int
) -> None:
    fake, url = endpoint
    fake.fail_first, fake.fail_status = 2, status
    out = adapter(url, ",max_retries=3").generate([req(n=3)])
    assert out == [["s11-0", "s11-1", "s11-2"]]  # sorted by choice index
    assert len(fake.calls) == 3


def test_gives_up_after_max_retries_with_one_line_naming_the_item(
    endpoint: tuple[FakeEndpoint, str],
) -> None:
    fake, url = endpoint
    fake.fail_first = 100
    with pytest.raises(AdapterError) as caught:
        adapter(url, ",max_retries=2").generate([req("hd_x")])
    message = str(caught.value)
    assert "'hd_x'" in message and "HTTP 500" in message and "busy (3)" in message
    assert "3 attempt(s)" in message and "\n" not in message
    assert len(fake.calls) == 3


def test_client_errors_are_not_retried(endpoint: tuple[FakeEndpoint, str]) -> None:
    fake, url = endpoint
    with pytest.raises(AdapterError, match=r"HTTP 400.*model bad-request does not exist"):
        adapter(url, model="bad-request").generate([req()])
    assert len(fake.calls) == 1


def test_unreachable_server_fails_after_bounded_retries() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(AdapterError) as caught:
        adapter(f"http://127.0.0.1:{port}/v1", ",max_retries=2,timeout=2").generate([req("it")])
    message = str(caught.value)
    assert "'it'" in message and "cannot connect" in message and "3 attempt(s)" in message
    assert "\n" not in message
    assert time.monotonic() - started < 10


def test_slow_answers_time_out_and_are_retried(endpoint: tuple[FakeEndpoint, str]) -> None:
    fake, url = endpoint
    fake.delay = 1.0
    with pytest.raises(AdapterError, match="timeout"):
        adapter(url, ",timeout=0.2,max_retries=1").generate([req()])
    assert len(fake.calls) == 2


@pytest.mark.parametrize(("cap", "asked"), [(1, [5, 1, 1, 1, 1]), (3, [7, 3, 1])])
def test_fewer_choices_than_n_are_filled_with_more_calls(
    endpoint: tuple[FakeEndpoint, str], cap: int, asked: list[int]
) -> None:
    fake, url = endpoint
    fake.max_choices = cap
    n = asked[0]
    (out,) = adapter(url, ",concurrency=2").generate([req(n=n)])
    assert len(out) == n and len(set(out)) == n
    asked_for = [call["body"]["n"] for call in fake.calls]
    assert asked_for[0] == n and sorted(asked_for[1:]) == sorted(asked[1:])  # then in parallel
    seeds = [call["body"]["seed"] for call in fake.calls]
    assert seeds[0] == 11 and len(set(seeds)) == len(seeds)
    assert out == adapter(url, ",concurrency=2").generate([req(n=n)])[0]  # same seeds again


def test_a_server_returning_no_choices_is_an_error(endpoint: tuple[FakeEndpoint, str]) -> None:
    fake, url = endpoint
    fake.max_choices = 0
    with pytest.raises(AdapterError, match=r"'hd_item'.*returned no choices"):
        adapter(url).generate([req()])


def test_concurrency_is_bounded(endpoint: tuple[FakeEndpoint, str]) -> None:
    fake, url = endpoint
    fake.delay = 0.3
    out = adapter(url, ",concurrency=3").generate([req(f"i{k}", n=1) for k in range(8)])
    assert [len(c) for c in out] == [1] * 8
    assert 2 <= fake.max_in_flight <= 3


def test_chat_and_completions_payloads_and_api_key(
    endpoint: tuple[FakeEndpoint, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, url = endpoint
    monkeypatch.setenv("OPENAI_API_KEY", "sk-default")
    monkeypatch.setenv("MY_KEY", "sk-mine")
    adapter(url).generate([req(stop=("\nEND",))])
    adapter(url, ",api=completions,api_key_env=MY_KEY").generate([req()])
    chat, completion = fake.calls
    assert chat["path"] == "/v1/chat/completions"
    assert chat["body"]["messages"] == [
        {"role": "system", "content": "SYSTEM"},
        {"role": "user", "content": "USER"},
    ]
    assert {
        k: chat["body"][k]
        for k in ("model", "n", "temperature", "top_p", "max_tokens", "seed", "stop")
    } == {
        "model": "m",
        "n": 3,
        "temperature": 0.5,
        "top_p": 0.9,
        "max_tokens": 64,
        "seed": 11,
        "stop": ["\nEND"],
    }
    assert chat["headers"]["Authorization"] == "Bearer sk-default"
    assert completion["path"] == "/v1/completions"
    assert completion["body"]["prompt"] == "SYSTEM\n\nUSER\n\n" and "messages" not in completion
    assert completion["headers"]["Authorization"] == "Bearer sk-mine"


def test_stop_strings_are_applied_even_if_the_server_ignores_them(
    endpoint: tuple[FakeEndpoint, str],
) -> None:
    fake, url = endpoint
    fake.ignore_stop_suffix = "\nEND and more"
    (out,) = adapter(url).generate_with_finish_reasons([req(n=2, stop=("\nEND",))])
    assert out == [("s11-0", "stop"), ("s11-1", "stop")]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("openai:", "needs a model name"),
        ("openai:m,concurrenc=2", "unknown option 'concurrenc'; did you mean 'concurrency'"),
        ("openai:m,api=responses", "bad value 'responses' for option 'api'"),
        ("openai:m,concurrency=0", "bad value '0' for option 'concurrency'"),
        ("openai:m,timeout=-1", "bad value '-1' for option 'timeout'"),
        ("openai:m,base_url=127.0.0.1:8000", "must start with http://"),
        ("openai:m,api_key_env=IOTBENCH_UNSET_KEY", "IOTBENCH_UNSET_KEY (api_key_env) is not set"),
    ],
)
def test_spec_errors_are_one_line(spec: str, expected: str) -> None:
    with pytest.raises(AdapterError) as caught:
        resolve_adapter(spec)
    assert expected in str(caught.value) and "\n" not in str(caught.value)
