"""Adapter for any OpenAI-compatible HTTP endpoint (OpenAI, vLLM, llama.cpp, `iotbench serve`).

``openai:MODEL[,base_url=URL][,api=chat|completions][,concurrency=4][,timeout=60]
[,max_retries=5][,backoff=1][,api_key_env=OPENAI_API_KEY]``. Standard library only: urllib for
HTTP, a thread pool for bounded concurrency. Transient failures (HTTP 429, 5xx, refused or reset
connections, timeouts) are retried with exponential backoff and jitter; a request that still fails
raises `AdapterError` naming the item and the cause, so a dead server never turns into empty
completions that would be scored as wrong answers.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from harness.adapter_options import (
    Completion,
    choice,
    derived_seed,
    non_negative_float,
    non_negative_int,
    parse_options,
    plain_prompt,
    positive_float,
    positive_int,
    split_options,
    truncate_at_stop,
)
from harness.adapters import AdapterError, GenerationRequest

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_KEY_ENV = "OPENAI_API_KEY"
MAX_DELAY = 60.0  # seconds; caps backoff and Retry-After


@dataclass(frozen=True)
class OpenAISettings:
    model: str
    base_url: str = DEFAULT_BASE_URL
    api: str = "chat"
    concurrency: int = 4
    timeout: float = 60.0
    max_retries: int = 5
    backoff: float = 1.0  # first retry waits about this long, doubling each time
    api_key: str | None = field(default=None, repr=False)


class _Transient(Exception):
    """A failure worth retrying; carries the cause and an optional server-requested delay."""

    def __init__(self, cause: str, retry_after: float | None = None) -> None:
        super().__init__(cause)
        self.retry_after = retry_after


class OpenAIAdapter:
    """Completions from an OpenAI-compatible server: n per request, retried, bounded concurrency."""

    def __init__(self, settings: OpenAISettings) -> None:
        self.settings = settings
        self.name = settings.model
        self._jitter = random.Random()

    @classmethod
    def check_spec(cls, argument: str) -> None:
        """Building the adapter sends no request, so the check is building it."""
        cls.from_spec(argument)

    @classmethod
    def from_spec(cls, argument: str) -> OpenAIAdapter:
        model, options = split_options(argument)
        if not model:
            raise AdapterError(
                "openai adapter needs a model name: --model openai:MODEL"
                "[,base_url=URL][,api=chat|completions]"
            )
        parsed: dict[str, Any] = parse_options(
            "openai",
            options,
            {
                "base_url": str,
                "api": choice("chat", "completions"),
                "concurrency": positive_int,
                "timeout": positive_float,
                "max_retries": non_negative_int,
                "backoff": non_negative_float,
                "api_key_env": str,
            },
        )
        key_env = parsed.pop("api_key_env", None)
        api_key = os.environ.get(key_env or DEFAULT_KEY_ENV) or None
        if key_env and api_key is None:
            raise AdapterError(f"openai: environment variable {key_env} (api_key_env) is not set")
        base_url = str(
            parsed.pop("base_url", os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL)
        ).rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise AdapterError(
                f"openai: base_url must start with http:// or https://, got {base_url!r}"
            )
        return cls(OpenAISettings(model=model, base_url=base_url, api_key=api_key, **parsed))

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[str]]:
        return [
            [text for text, _ in completions]
            for completions in self.generate_with_finish_reasons(requests)
        ]

    def generate_with_finish_reasons(
        self, requests: Sequence[GenerationRequest]
    ) -> list[list[Completion]]:
        """Like `generate`, with each completion's finish_reason ("stop" or "length")."""
        results: list[list[Completion]] = [[] for _ in requests]
        calls = [(index, 0, request.n) for index, request in enumerate(requests) if request.n > 0]
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            while calls:  # each round adds >= 1 completion per short request, or raises
                futures = [
                    pool.submit(self._call, requests[i], offset, count)
                    for i, offset, count in calls
                ]
                try:
                    answers = [future.result() for future in futures]
                except AdapterError:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
                best: dict[int, int] = {}
                for (index, _, count), answer in zip(calls, answers, strict=True):
                    results[index].extend(answer[:count])
                    best[index] = max(best.get(index, 0), min(len(answer), count))
                calls = []
                for index, per_call in best.items():
                    request, have = requests[index], len(results[index])
                    if have < request.n and per_call == 0:
                        raise AdapterError(
                            f"openai: item {request.item_id!r}: the server at "
                            f"{self.settings.base_url} returned no choices"
                        )
                    # The server returned fewer than asked: fill up with calls of the size it gave.
                    calls += [
                        (index, offset, min(per_call, request.n - offset))
                        for offset in range(have, request.n, max(per_call, 1))
                    ]
        return results

    def _payload(self, request: GenerationRequest, offset: int, count: int) -> dict[str, Any]:
        seed = request.seed if offset == 0 else derived_seed(request.seed, request.item_id, offset)
        payload: dict[str, Any] = {
            "model": self.settings.model,
            "n": count,
            "temperature": request.temperature,
            "top_p": request.top_p,
            "max_tokens": request.max_new_tokens,
            "seed": seed,
        }
        if request.stop:
            payload["stop"] = list(request.stop[:4])  # the API takes at most 4; all are cut below
        if self.settings.api == "chat":
            payload["messages"] = [
                {"role": m.role, "content": m.content} for m in request.messages
            ] or [{"role": "user", "content": request.prompt}]
        else:
            payload["prompt"] = plain_prompt(request)
        return payload

    def _call(self, request: GenerationRequest, offset: int, count: int) -> list[Completion]:
        """One HTTP call asking for `count` completions; choices in index order."""
        path = "/chat/completions" if self.settings.api == "chat" else "/completions"
        data = self._post(path, self._payload(request, offset, count), request.item_id)
        choices = data.get("choices") if isinstance(data, dict) else None
        if not isinstance(choices, list):
            raise AdapterError(
                f"openai: item {request.item_id!r}: malformed response from "
                f"{self.settings.base_url}{path} (no 'choices' list)"
            )
        out = []
        try:
            for item in sorted(choices, key=lambda c: int(c.get("index", 0))):
                if self.settings.api == "chat":
                    text = item["message"].get("content") or ""
                else:
                    text = item["text"] or ""
                text, stopped = truncate_at_stop(str(text), request.stop)
                reason = "stop" if stopped else str(item.get("finish_reason") or "stop")
                out.append((text, reason))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise AdapterError(
                f"openai: item {request.item_id!r}: malformed choice in response "
                f"from {self.settings.base_url}{path}: {exc!r}"
            ) from None
        return out

    def _post(self, path: str, payload: dict[str, Any], item_id: str) -> Any:
        """POST JSON with retries; non-retryable HTTP errors and exhausted retries raise."""
        url = self.settings.base_url + path
        body = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        attempts = self.settings.max_retries + 1
        for attempt in range(attempts):
            try:
                return self._post_once(url, body, headers)
            except _Transient as exc:
                cause, retry_after = str(exc), exc.retry_after
            except urllib.error.HTTPError as exc:
                raise AdapterError(
                    f"openai: item {item_id!r}: HTTP {exc.code} from {url}: {_error_message(exc)}"
                ) from None
            if attempt + 1 < attempts:
                time.sleep(self._delay(attempt, retry_after))
        raise AdapterError(
            f"openai: item {item_id!r}: {url} failed after {attempts} attempt(s): {cause}"
        )

    def _post_once(self, url: str, body: bytes, headers: dict[str, str]) -> Any:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 429 or exc.code >= 500:
                raise _Transient(
                    f"HTTP {exc.code}: {_error_message(exc)}",
                    _retry_after(exc.headers.get("Retry-After")),
                ) from None
            raise
        except urllib.error.URLError as exc:
            raise _Transient(f"cannot connect: {exc.reason}") from None
        except TimeoutError:
            raise _Transient(f"no answer within {self.settings.timeout:g} s (timeout)") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _Transient(f"connection failed: {exc!r}") from None
        try:
            return json.loads(raw)
        except ValueError:
            raise _Transient(f"response is not JSON: {raw[:80]!r}") from None

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with jitter (50-100 % of the step); a Retry-After is a floor."""
        step = min(MAX_DELAY, self.settings.backoff * 2.0**attempt)
        delay = step * (0.5 + 0.5 * self._jitter.random())
        return min(MAX_DELAY, max(delay, retry_after or 0.0))


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _error_message(exc: urllib.error.HTTPError) -> str:
    """The server's error message (OpenAI-style JSON or text), shortened to one line."""
    try:
        raw = exc.read()
    except OSError:
        raw = b""
    text = raw.decode("utf-8", "replace")
    try:
        data = json.loads(text)
        error = data.get("error", data) if isinstance(data, dict) else data
        text = str(error.get("message", error)) if isinstance(error, dict) else str(error)
    except ValueError:
        pass
    text = " ".join(text.split()) or str(exc.reason)
    return text[:200]
