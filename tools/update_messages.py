"""Keep the message catalogs in step with the messages written in the code.

The checks' messages (``altavoz_core/codes.py``) and the issue intake's
(``altavoz_submit/intake/messages.py``) are written in Spanish; their other languages
are gettext catalogs in ``plugins/altavoz_core/locale`` (``altavoz_core.catalogs``).
After adding or changing a message, run this script: it writes the template
(``messages.pot``) and merges it into each language's ``messages.po``, where the new
entries wait for their translation (a changed one keeps its old translation marked
fuzzy: it is not used until a translator checks it), then writes
``plugins/altavoz_core/CODES.md``, the table of every code, from the same messages.

    python tools/update_messages.py            # write the template, the catalogs, CODES.md
    python tools/update_messages.py --check    # list what is out of step, and fail

A new language is a new catalog: copy ``messages.pot`` to
``plugins/altavoz_core/locale/<lang>/LC_MESSAGES/messages.po`` and translate it.
"""

from __future__ import annotations

import argparse
import sys

from altavoz_core import catalogs, codes, codes_md
from altavoz_submit.intake import messages


def entries() -> list[catalogs.Entry]:
    """Every message the catalogs translate: the codes' first, then the intake's."""
    return codes.catalog_entries() + messages.catalog_entries()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report what is out of step")
    args = parser.parse_args(argv)
    if not args.check:
        for path in catalogs.write_catalogs(entries()):
            print(f"wrote {path}")
        if codes_md.write():
            print(f"wrote {codes_md.PATH}")
    found = catalogs.problems(entries()) + codes_md.problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
