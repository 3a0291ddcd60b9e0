"""Calling a function within a CPU-time, memory and wall-clock budget, in a worker process.

Some inputs make a library take quadratic time or memory: Python-Markdown on a few
kilobytes of ``[``, an image decoder on a file of thousands of progressive scans. A
submission must not be able to stop the check or the build for everyone, so such work
runs in a worker process whose CPU time and address space are limited
(``resource.RLIMIT_CPU``/``RLIMIT_AS``) and whose answer the parent waits for only so
long: ``call(function, args, limits)`` returns an ``Outcome``, the value or why it was
stopped, and never raises for what the function does.

One worker serves the whole process (a check run, a build): it is started on first use
and reused, so a site of a thousand works pays one fork, not a thousand. Pure standard
library: the callers (moderation's Markdown rendering, the image checks' decoding) bring
their own functions.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import resource
import signal
import threading
import time
from dataclasses import dataclass

# Why a call was stopped (Outcome.refused).
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


@dataclass(frozen=True)
class Outcome:
    """What a function returned in the worker, or why it was stopped (then ``value`` is None)."""

    value: object
    refused: str | None = None  # CPU, MEMORY, WALL or BROKEN
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.refused is None


def call(function, args: tuple, limits: Limits) -> Outcome:
    """``function(*args)`` in the worker, within ``limits``; never raises for what it does.

    ``function`` must be a module-level function (it is sent by name); an exception it
    raises becomes a BROKEN outcome with the exception's name and message.
    """
    return _WORKER.call(function, args, limits)


# --------------------------------------------------------------------------- the worker


class _OverBudget(BaseException):
    """Raised by the budget's signal; not an Exception, so no ``except Exception`` in the
    function it stops (Markdown, Pillow) can swallow it."""


_armed = False  # a budget is running: its signal raises once, never during cleanup


def _on_cpu_limit(signum, frame):
    global _armed
    if _armed:
        _armed = False
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


# Called in the worker when a function was stopped midway (callers register what to forget).
ON_INTERRUPT: list = []


def len_or_zero(value) -> int:
    return len(value) if isinstance(value, (str, bytes)) else 0


def _close_inherited_files(keep: int) -> None:
    """Close every descriptor the fork inherited except stdio and ``keep``.

    A fork holds copies of the parent's pipes: while the worker lives, a program the
    parent talks to through one (a browser driver, a subprocess) never sees it closed
    and waits forever, and the parent's own end of our pipe would hide its EOF from us.
    Hostile input is also better parsed by a process holding nothing else.
    """
    try:
        descriptors = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        descriptors = list(range(3, 1024))
    for descriptor in descriptors:
        if descriptor > 2 and descriptor != keep:
            with contextlib.suppress(OSError):
                os.close(descriptor)


def _serve(connection) -> None:
    """The worker's loop: one request (function, args, limits) at a time, until EOF."""
    _close_inherited_files(connection.fileno())
    signal.signal(signal.SIGXCPU, _on_cpu_limit)
    signal.signal(signal.SIGPROF, _on_cpu_limit)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    while True:
        try:
            function, args, limits = connection.recv()
        except (EOFError, OSError):
            return
        # A profiling timer counts this call's CPU time: Python code is stopped within
        # milliseconds of the budget, a long call into C (a regular expression) when it
        # returns. RLIMIT_CPU (whole seconds over the process's life) sends SIGXCPU too,
        # and its hard limit is never raised; a worker that still does not stop is killed
        # by the parent's wall-clock timeout.
        _set_soft_limit(resource.RLIMIT_CPU, int(_cpu_used() + limits.cpu_seconds) + 2)
        baseline = _address_space()  # grows with what earlier requests left mapped
        if limits.memory_mb > 0 and baseline:
            _set_soft_limit(resource.RLIMIT_AS, baseline + limits.memory_mb * 1024 * 1024)
        started = _cpu_used()
        try:
            try:
                global _armed
                _armed = True
                signal.setitimer(signal.ITIMER_PROF, max(limits.cpu_seconds, 0.001))
                try:
                    answer = Outcome(function(*args))
                finally:
                    _armed = False  # first: a signal from here on raises nothing
                    signal.setitimer(signal.ITIMER_PROF, 0)
            except BaseException:
                # Stopped midway: state kept between calls is not trusted.
                for forget in ON_INTERRUPT:
                    forget()
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
            target=_serve, args=(child_end,), name="altavoz-bounded", daemon=True
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
    """The worker's process id (None before the first ``call``)."""
    process = _WORKER._process
    return process.pid if process is not None else None


def stop_worker() -> None:
    """End the worker (it starts again on the next ``call``)."""
    with _WORKER._lock:
        _WORKER.stop()
