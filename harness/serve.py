"""`iotbench serve SPEC`: any model adapter behind an OpenAI-compatible HTTP API.

Endpoints: ``GET /v1/models``, ``POST /v1/chat/completions``, ``POST /v1/completions`` (no
streaming). Requests honour n, temperature, top_p, max_tokens, stop and seed; a request without
a seed gets a random one. Generation runs one request at a time (a lock around the adapter);
errors come back as OpenAI-style JSON (``{"error": {"message", "type", "param", "code"}}``).
The adapter is resolved by name through `harness.adapters` only, like ``--model``.
"""

from __future__ import annotations

import json
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any

from harness.adapters import AdapterError, GenerationRequest, Message, ModelAdapter, resolve_adapter

MAX_BODY = 16 * 1024 * 1024
MAX_N = 128
DEFAULT_MAX_TOKENS = 1024
ROLES = ("system", "user", "assistant")
Finish = Callable[[Sequence[GenerationRequest]], list[list[tuple[str, str]]]]


class ApiError(Exception):
    """An error answered to the client as OpenAI-style JSON."""

    def __init__(
        self,
        status: HTTPStatus,
        message: str,
        param: str | None = None,
        kind: str = "invalid_request_error",
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.kind = status, message, param, kind

    def body(self) -> dict[str, Any]:
        return {
            "error": {"message": self.message, "type": self.kind, "param": self.param, "code": None}
        }


def _number(body: dict[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = body.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"{key} must be a number in [{low}, {high}]", key)
    return float(value)


def _integer(body: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = body.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"{key} must be an integer in [{low}, {high}]", key)
    return value


def _stop(body: dict[str, Any]) -> tuple[str, ...]:
    stop = body.get("stop")
    if stop is None:
        return ()
    if isinstance(stop, str):
        return (stop,)
    if isinstance(stop, list) and all(isinstance(s, str) for s in stop) and len(stop) <= 16:
        return tuple(s for s in stop if s)
    raise ApiError(HTTPStatus.BAD_REQUEST, "stop must be a string or a list of strings", "stop")


def _content(message: Any, index: int) -> Message:
    """A chat message; content may be a string or a list of text parts."""
    if not isinstance(message, dict) or message.get("role") not in ROLES:
        raise ApiError(
            HTTPStatus.BAD_REQUEST,
            f"messages[{index}] needs a role among {', '.join(ROLES)}",
            "messages",
        )
    content = message.get("content")
    if isinstance(content, list):
        texts = [p.get("text") for p in content if isinstance(p, dict)]
        if all(isinstance(t, str) for t in texts) and len(texts) == len(content):
            content = "".join(str(t) for t in texts)
    if not isinstance(content, str):
        raise ApiError(
            HTTPStatus.BAD_REQUEST,
            f"messages[{index}].content must be a string or a list of text parts",
            "messages",
        )
    return Message(str(message["role"]), content)


def parse_request(body: Any, chat: bool) -> list[GenerationRequest]:
    """Validate an OpenAI request body into one GenerationRequest per prompt."""
    if not isinstance(body, dict):
        raise ApiError(HTTPStatus.BAD_REQUEST, "the request body must be a JSON object")
    if body.get("stream"):
        raise ApiError(HTTPStatus.BAD_REQUEST, "stream=true is not supported", "stream")
    seed = body.get("seed")
    if seed is None:
        seed = secrets.randbelow(2**31)
    elif isinstance(seed, bool) or not isinstance(seed, int):
        raise ApiError(HTTPStatus.BAD_REQUEST, "seed must be an integer", "seed")
    token_key = (
        "max_completion_tokens" if chat and "max_completion_tokens" in body else "max_tokens"
    )
    n = _integer(body, "n", 1, 1, MAX_N)
    temperature = _number(body, "temperature", 1.0, 0.0, 2.0)
    top_p = _number(body, "top_p", 1.0, 0.0, 1.0) or 1e-9  # top_p 0: the most likely token
    max_new_tokens = _integer(body, token_key, DEFAULT_MAX_TOKENS, 1, 1 << 20)
    stop = _stop(body)

    def make(item_id: str, messages: tuple[Message, ...], prompt: str) -> GenerationRequest:
        return GenerationRequest(
            item_id=item_id,
            messages=messages,
            prompt=prompt,
            n=n,
            temperature=temperature,
            top_p=top_p,
            max_new_tokens=max_new_tokens,
            stop=stop,
            seed=seed,
        )

    if chat:
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise ApiError(HTTPStatus.BAD_REQUEST, "messages must be a non-empty list", "messages")
        parsed = tuple(_content(m, i) for i, m in enumerate(messages))
        user = [m.content for m in parsed if m.role == "user"]
        return [make("chat", parsed, user[-1] if user else "")]
    prompt = body.get("prompt")
    prompts = [prompt] if isinstance(prompt, str) else prompt
    if not isinstance(prompts, list) or not prompts or not all(isinstance(p, str) for p in prompts):
        raise ApiError(
            HTTPStatus.BAD_REQUEST,
            "prompt must be a string or a non-empty list of strings",
            "prompt",
        )
    # Each prompt draws from its own seeds: the same seed on two prompts would correlate them.
    return [make(f"completion-{i}", (), p) for i, p in enumerate(prompts)]


class ModelServer:
    """The adapter, its name and the lock that serialises generation."""

    def __init__(self, adapter: ModelAdapter) -> None:
        self.adapter = adapter
        self.lock = threading.Lock()
        self.created = int(time.time())

    def complete(self, requests: list[GenerationRequest]) -> list[list[tuple[str, str]]]:
        """Completions with finish reasons; adapters that do not report them say "stop"."""
        detailed: Finish | None = getattr(self.adapter, "generate_with_finish_reasons", None)
        try:
            with self.lock:
                if detailed is not None:
                    out = detailed(requests)
                else:
                    out = [
                        [(text, "stop") for text in texts]
                        for texts in self.adapter.generate(requests)
                    ]
        except AdapterError as exc:
            raise ApiError(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc), kind="server_error") from exc
        for request, completions in zip(requests, out, strict=True):
            if len(completions) != request.n:
                raise ApiError(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    f"the adapter returned {len(completions)} completions, {request.n} requested",
                    kind="server_error",
                )
        return out

    def answer(self, path: str, body: Any) -> dict[str, Any]:
        chat = path == "/v1/chat/completions"
        requests = parse_request(body, chat)
        out = self.complete(requests)
        stamp, token = int(time.time()), secrets.token_hex(12)
        if chat:
            choices = [
                {
                    "index": i,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": reason,
                    "logprobs": None,
                }
                for i, (text, reason) in enumerate(out[0])
            ]
            return {
                "id": f"chatcmpl-{token}",
                "object": "chat.completion",
                "created": stamp,
                "model": self.adapter.name,
                "choices": choices,
            }
        flat = [c for completions in out for c in completions]
        choices = [
            {"index": i, "text": text, "finish_reason": reason, "logprobs": None}
            for i, (text, reason) in enumerate(flat)
        ]
        return {
            "id": f"cmpl-{token}",
            "object": "text_completion",
            "created": stamp,
            "model": self.adapter.name,
            "choices": choices,
        }


class _Handler(BaseHTTPRequestHandler):
    server_version = "iotbench-serve"
    model: ModelServer  # set on the subclass made by `make_server`

    def _send(self, status: HTTPStatus, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _fail(self, error: ApiError) -> None:
        self._send(error.status, error.body())

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if path == "/v1/models":
            entry = {
                "id": self.model.adapter.name,
                "object": "model",
                "created": self.model.created,
                "owned_by": "iotbench",
            }
            self._send(HTTPStatus.OK, {"object": "list", "data": [entry]})
        elif path == "/health":
            self._send(HTTPStatus.OK, {"status": "ok"})
        else:
            self._fail(
                ApiError(
                    HTTPStatus.NOT_FOUND, f"no such endpoint: GET {path}", kind="not_found_error"
                )
            )

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if path not in ("/v1/chat/completions", "/v1/completions"):
            self._fail(
                ApiError(
                    HTTPStatus.NOT_FOUND, f"no such endpoint: POST {path}", kind="not_found_error"
                )
            )
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_BODY:
                raise ApiError(
                    HTTPStatus.BAD_REQUEST if length <= 0 else HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"a JSON body of 1 to {MAX_BODY} bytes is required",
                )
            try:
                body = json.loads(self.rfile.read(length))
            except ValueError as exc:
                raise ApiError(HTTPStatus.BAD_REQUEST, f"invalid JSON body: {exc}") from None
            self._send(HTTPStatus.OK, self.model.answer(path, body))
        except ApiError as error:
            self._fail(error)
        except Exception as exc:  # noqa: BLE001 (never drop a connection without an answer)
            self._fail(
                ApiError(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    f"{type(exc).__name__}: {exc}",
                    kind="server_error",
                )
            )

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"iotbench serve: {self.address_string()} {format % args}\n")


def make_server(adapter: ModelAdapter, host: str, port: int) -> ThreadingHTTPServer:
    """An HTTP server (not yet serving) for `adapter`; port 0 picks a free port."""
    handler = type("Handler", (_Handler,), {"model": ModelServer(adapter)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(spec: str, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Load the adapter, serve until SIGINT/SIGTERM; the exit code (2: could not start)."""
    try:
        adapter = resolve_adapter(spec)
        server = make_server(adapter, host, port)
    except (AdapterError, OSError) as exc:
        print(f"iotbench serve: error: {exc}", file=sys.stderr)
        return 2
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=server.serve_forever, name="iotbench-serve", daemon=True)
    thread.start()
    bound_host, bound_port = server.server_address[:2]
    print(f"iotbench serve: {adapter.name} at http://{bound_host!s}:{bound_port}/v1", flush=True)
    try:
        while not stop.wait(0.2):
            pass
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("iotbench serve: stopped", flush=True)
    return 0
