"""The names the check accepts in a submission folder, written out for the intake's script.

The publish job (.github/scripts/intake.js) runs no project code, yet must decide which
paths of the intake's manifest it may commit or delete: exactly the files a submission
folder may hold. Its verdict has to be the check's, or a work the check accepted could
not be withdrawn through the form. So the data of that rule (the folder-name pattern and
its length, Windows's reserved names, the image extensions, the junk files, the white
space Python strips) is written from the Python core into
``.github/scripts/name-rules.json``, which the script reads; tests fail when the
committed file differs from ``rules()``, and feed the same hostile names to the check
and to the script.

The order of the rule is the check's (``altavoz_moderation.checks.structure``): a
folder is a slug and not a reserved name; in it, ``index.md``, a junk file (only a
warning), then no hidden name, no reserved name, and an image extension. An event's
folder (``content/events/<slug>/``) is such a folder that is also none of the names the
agenda keeps for its own pages (``altavoz_core.events.RESERVED_SLUGS``, AV258).

Regenerate with ``python -m altavoz_submit.name_rules``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from altavoz_core.events import RESERVED_SLUGS
from altavoz_core.slugs import MAX_SLUG_LENGTH, SLUG_PATTERN, WINDOWS_RESERVED
from altavoz_core.submissions import INDEX
from altavoz_images.formats import IMAGE_EXTENSIONS

from .project import project_settings

FILE = Path(".github") / "scripts" / "name-rules.json"
# No file system the site is checked out on holds a longer name (in UTF-8 bytes): a
# longer one in a manifest names no file.
MAX_NAME_BYTES = 255
# A name starting with this is macOS's resource-fork litter: junk, like the listed names.
JUNK_PREFIX = "._"


def rules(settings: dict) -> dict:
    """The rule's data, from the core and the project's settings (its junk files)."""
    junk = settings["ALTAVOZ_MODERATION_JUNK_FILES"]
    return {
        "folder": {
            "pattern": SLUG_PATTERN,
            "max_length": MAX_SLUG_LENGTH,
        },
        "reserved": sorted(WINDOWS_RESERVED),
        "event_reserved": sorted(RESERVED_SLUGS),
        "file": {
            "index": INDEX,
            "image_extensions": list(IMAGE_EXTENSIONS),
            "junk": sorted(junk),
            "junk_prefix": JUNK_PREFIX,
            "max_bytes": MAX_NAME_BYTES,
        },
        # What str.strip() removes, which the reserved-name rule strips: JavaScript's
        # trim() removes a different set.
        "space": [ord(ch) for ch in map(chr, range(sys.maxunicode + 1)) if ch.isspace()],
    }


def render(settings: dict) -> str:
    return json.dumps(rules(settings), indent=1) + "\n"


def main() -> None:
    root = Path.cwd()
    (root / FILE).write_text(render(project_settings(root)), encoding="utf-8")
    print(f"✓ {FILE} written")


if __name__ == "__main__":
    main()
