"""Run one benchmark contender in a child process and measure what it cost.

The cost is the user+sys CPU time of the whole process tree
(resource.getrusage(RUSAGE_CHILDREN) around the child: the child reaps its own
workers, so their time is included) and the wall time. The child prints its
report as JSON on its last line of output.
"""

from __future__ import annotations

import json
import resource
import subprocess
import time


def run_child(name: str, command: list[str]) -> dict:
    """The child's JSON report, with ``tree_cpu``, ``wall`` and ``cpu`` (if it gave none)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    tree = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report.setdefault("cpu", tree)
    report["tree_cpu"] = tree
    report["wall"] = wall
    return report
