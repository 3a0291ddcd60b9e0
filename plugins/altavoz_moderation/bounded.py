"""Rendering untrusted Markdown within a CPU-time, memory and wall-clock budget.

Python-Markdown takes quadratic (sometimes worse) time on some inputs a few kilobytes
long: thousands of ``[``, runs of code fences, abbreviation definitions, nested
definition lists... A submission must not be able to stop the check or the build for
everyone, so its body is converted in a worker process whose CPU time and address space
are limited (``resource.RLIMIT_CPU``/``RLIMIT_AS``) and whose answer the parent waits for
only so long. A body over the budget is refused (AV311): the check reports it, and the
build leaves the submission out without Pelican ever parsing it.

``render(text, settings)`` is a pure function of the text, the Markdown configuration
and the limits (``cache_key`` names that triple), so its result, the HTML or the
refusal, can be remembered by content hash. One worker serves the whole process (a check
run, a build): it is started on first use and reused, so a site of a thousand works pays
one fork, not a thousand.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import multiprocessing
import os
import resource
import signal
import threading
import time
from dataclasses import dataclass

from .settings import markdown_config

CPU_KEY = "ALTAVOZ_MODERATION_MARKDOWN_CPU_SECONDS"
OUTPUT_KEY = "ALTAVOZ_MODERATION_MARKDOWN_MAX_HTML_CHARS"
WALL_KEY = "ALTAVOZ_MODERATION_MARKDOWN_WALL_SECONDS"
MEMORY_KEY = "ALTAVOZ_MODERATION_MARKDOWN_MEMORY_MB"

# Why a call was stopped (Outcome.refused, Rendered.refused).
CPU = "cpu"  # it used more CPU time than the budget
MEMORY = "memory"  # it needed more memory than the budget
WALL = "wall"  # no answer in time (the machine is busy, or the worker hung)
BROKEN = "broken"  # the converter failed on it (too deeply nested, for example)
SIZE = "size"  # its result is too long (a few bytes of Markdown can make megabytes of HTML)


@dataclass(frozen=True)
class Limits:
    cpu_seconds: float
    wall_seconds: float
    memory_mb: int
    max_output: int = 0  # longest str result (0: any)

    @classmethod
    def from_settings(cls, settings: dict) -> Limits:
        from .settings import DEFAULTS

        def value(key):
            found = settings.get(key)
            return DEFAULTS[key] if found is None else found

        return cls(
            float(value(CPU_KEY)),
            float(value(WALL_KEY)),
            int(value(MEMORY_KEY)),
            int(value(OUTPUT_KEY)),
        )


@dataclass(frozen=True)
class Outcome:
    """What a function returned in the worker, or why it was stopped (then ``value`` is None)."""

    value: object
    refused: str | None = None  # CPU, MEMORY, WALL or BROKEN
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.refused is None


@dataclass(frozen=True)
class Rendered:
    """The HTML of a body, or why it was refused (then ``html`` is None)."""

    html: str | None
    refused: str | None = None  # CPU, MEMORY, WALL or BROKEN
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.refused is None


class MarkdownTooCostly(Exception):
    """A body the worker refused to finish: ``rendered`` says why."""

    def __init__(self, rendered: Rendered):
        super().__init__(rendered.refused, rendered.detail)
        self.rendered = rendered


def body_markdown_kwargs(settings: dict) -> dict:
    """Pelican's Markdown configuration, without ``meta``: the body has no front matter left."""
    config = markdown_config(settings)
    configs = {
        name: options
        for name, options in (config.get("extension_configs") or {}).items()
        if not name.endswith("meta")
    }
    extensions = list(configs)
    for extension in config.get("extensions") or []:
        name = extension if isinstance(extension, str) else type(extension).__module__
        if not name.endswith("meta") and extension not in extensions:
            extensions.append(extension)
    kwargs = {k: v for k, v in config.items() if k not in ("extensions", "extension_configs")}
    kwargs.update(extensions=extensions, extension_configs=configs)
    kwargs.setdefault("output_format", "html5")
    return kwargs


def cache_key(text: str, settings: dict) -> str:
    """Names the result of ``render(text, settings)``: same key, same result."""
    limits = Limits.from_settings(settings)
    described = json.dumps(
        [body_markdown_kwargs(settings), limits.cpu_seconds, limits.memory_mb, limits.max_output],
        sort_keys=True,
        default=repr,
    )
    digest = hashlib.sha256(described.encode())
    digest.update(b"\x00")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def render(text: str, settings: dict) -> Rendered:
    """The body's HTML as the build renders it, or its refusal; never raises for bad text."""
    outcome = call(_convert, (text, body_markdown_kwargs(settings)), Limits.from_settings(settings))
    return Rendered(outcome.value if outcome.ok else None, outcome.refused, outcome.detail)


def call(function, args: tuple, limits: Limits) -> Outcome:
    """``function(*args)`` in the worker, within ``limits``; never raises for what it does.

    ``function`` must be a module-level function (it is sent by name); an exception it
    raises becomes a BROKEN outcome with the exception's name and message.
    """
    return _WORKER.call(function, args, limits)


_WHY = {
    CPU: ("más de {limit:g} segundos de cálculo", "over {limit:g} seconds of computing"),
    WALL: ("sin respuesta en {limit:g} segundos", "no answer in {limit:g} seconds"),
    MEMORY: ("más de {limit} MB de memoria", "over {limit} MB of memory"),
    BROKEN: ("el programa falla con este texto", "the program fails on this text"),
    SIZE: (
        "la página tendría más de {limit} caracteres",
        "the page would have over {limit} characters",
    ),
}
_SIGNS = "[]()`*_<>&#:|~!{}^\\"


def finding_values(rendered: Rendered, text: str, settings: dict) -> dict:
    """What the AV311 message says: why, and the sign repeated most often in the text."""
    limits = Limits.from_settings(settings)
    limit = {
        CPU: limits.cpu_seconds,
        WALL: limits.wall_seconds,
        MEMORY: limits.memory_mb,
        SIZE: limits.max_output,
    }
    es, en = _WHY.get(rendered.refused, _WHY[BROKEN])
    values = {
        "why": es.format(limit=limit.get(rendered.refused, 0)),
        "why_en": en.format(limit=limit.get(rendered.refused, 0)),
        "most": "",
        "most_en": "",
    }
    counts = {sign: text.count(sign) for sign in _SIGNS}
    sign, count = max(counts.items(), key=lambda item: item[1])
    if count >= 100:
        values["most"] = f"; aquí «{sign}» aparece {count} veces"
        values["most_en"] = f"; here '{sign}' appears {count} times"
    return values


def render_or_raise(text: str, settings: dict) -> str:
    rendered = render(text, settings)
    if not rendered.ok:
        raise MarkdownTooCostly(rendered)
    return rendered.html


# --------------------------------------------------------------------------- the worker


class _OverBudget(Exception):
    pass


def _on_cpu_limit(signum, frame):
    raise _OverBudget()


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _address_space() -> int:
    """Bytes of virtual memory this process already maps (the fork inherits the parent's)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _set_soft_limit(which: int, value: int) -> None:
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, hard))


_converters: dict[str, object] = {}


def _convert(text: str, kwargs: dict) -> str:
    """Convert with a Markdown instance kept per configuration (building one costs ms)."""
    import markdown

    key = json.dumps(kwargs, sort_keys=True, default=repr)
    converter = _converters.get(key)
    if converter is None:
        converter = _converters[key] = markdown.Markdown(**kwargs)
    converter.reset()
    return converter.convert(text)


def len_or_zero(value) -> int:
    return len(value) if isinstance(value, (str, bytes)) else 0


def _serve(connection) -> None:
    """The worker's loop: one request (function, args, limits) at a time, until EOF."""
    signal.signal(signal.SIGXCPU, _on_cpu_limit)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    while True:
        try:
            function, args, limits = connection.recv()
        except (EOFError, OSError):
            return
        # RLIMIT_CPU counts the whole life of the process: the budget starts from now.
        # Only the soft limits move (a process may raise them again, never the hard ones);
        # a worker that ignores SIGXCPU is killed by the parent's wall-clock timeout.
        _set_soft_limit(resource.RLIMIT_CPU, int(_cpu_used() + limits.cpu_seconds) + 1)
        baseline = _address_space()  # grows with what earlier requests left mapped
        if limits.memory_mb > 0 and baseline:
            _set_soft_limit(resource.RLIMIT_AS, baseline + limits.memory_mb * 1024 * 1024)
        started = _cpu_used()
        try:
            try:
                answer = Outcome(function(*args))
            except BaseException:
                _converters.clear()  # interrupted mid-conversion: its state is not trusted
                raise
            if _cpu_used() - started > limits.cpu_seconds:
                answer = Outcome(None, CPU, f"{_cpu_used() - started:.1f} s")
            elif limits.max_output and len_or_zero(answer.value) > limits.max_output:
                answer = Outcome(None, SIZE, f"{len(answer.value)} characters")
        except _OverBudget:
            answer = Outcome(None, CPU, f"{_cpu_used() - started:.1f} s")
        except MemoryError:
            answer = Outcome(None, MEMORY, f"{limits.memory_mb} MB")
        except RecursionError:
            answer = Outcome(None, BROKEN, "too deeply nested")
        except Exception as exc:  # any failure on this text refuses this text only
            answer = Outcome(None, BROKEN, f"{type(exc).__name__}: {exc}"[:200])
        finally:
            _set_soft_limit(resource.RLIMIT_CPU, resource.RLIM_INFINITY)
            _set_soft_limit(resource.RLIMIT_AS, resource.RLIM_INFINITY)
        try:
            connection.send(answer)
        except (OSError, ValueError):
            return


class _Worker:
    """One worker process and the pipe to it; restarted after a crash or a timeout."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None
        self._connection = None
        self._pid = None  # the parent's pid when the worker started (a fork gets its own)

    def _start(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=_serve, args=(child_end,), name="altavoz-markdown", daemon=True
        )
        process.start()
        child_end.close()
        self._process, self._connection, self._pid = process, parent_end, os.getpid()

    def stop(self) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()
        if process is not None and self._pid == os.getpid():
            process.join(timeout=1)
            if process.is_alive():
                process.kill()
                process.join()

    def call(self, function, args: tuple, limits: Limits) -> Outcome:
        with self._lock:
            if self._process is None or self._pid != os.getpid() or not self._process.is_alive():
                self._process = self._connection = None
                self._start()
            try:
                self._connection.send((function, args, limits))
            except Exception as exc:  # a closed pipe, or a configuration that cannot be sent
                self.stop()
                return Outcome(None, BROKEN, f"the worker stopped: {exc}")
            deadline = time.monotonic() + limits.wall_seconds
            while not self._connection.poll(max(0.0, min(1.0, deadline - time.monotonic()))):
                if not self._process.is_alive():
                    break  # the answer below is EOF: the worker died
                if time.monotonic() >= deadline:
                    self._process.kill()
                    self.stop()
                    return Outcome(None, WALL, f"{limits.wall_seconds:g} s")
            try:
                return self._connection.recv()
            except (EOFError, OSError):
                process = self._process
                self.stop()
                code = process.exitcode if process is not None else None
                if code == -signal.SIGXCPU:
                    return Outcome(None, CPU, f"{limits.cpu_seconds:g} s")
                return Outcome(None, BROKEN, f"the worker stopped (exit code {code})")


_WORKER = _Worker()
atexit.register(_WORKER.stop)


def worker_pid() -> int | None:
    """The worker's process id (None before the first ``render``)."""
    process = _WORKER._process
    return process.pid if process is not None else None


def stop_worker() -> None:
    """End the worker (it starts again on the next ``render``)."""
    with _WORKER._lock:
        _WORKER.stop()
