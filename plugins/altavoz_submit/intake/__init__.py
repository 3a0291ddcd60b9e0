"""The issue intake: a filled issue form becomes a submission folder (`invoke intake`).

``run_intake(root, event, attachments_dir=...)`` returns an ``Outcome`` (exit code,
report for the issue, manifest of the files it wrote and removed); ``write_outputs``
saves them for the workflow that opens the pull request. See process.py.
"""

from .process import ERRORS, IGNORED, PASSED, Outcome, run_intake, write_outputs

__all__ = ["ERRORS", "IGNORED", "PASSED", "Outcome", "run_intake", "write_outputs"]
