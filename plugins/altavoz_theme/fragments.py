"""Markup rendered once per language site and reused wherever it appears.

A work's card (its cover's <picture>, title and artist) is the same on the gallery's
pages, its tags' pages, its artist's page and beside its siblings: templates wrap it
in ``{% call once(...) %}…{% endcall %}`` and the card is rendered the first time
only. The key names everything the markup depends on besides the work itself
(flags, the site's addresses); each generator's environment keeps its own, so a
language site never shows another's markup.
"""

from __future__ import annotations


def install(env) -> None:
    rendered: dict[tuple, object] = {}

    def once(*key, caller):
        found = rendered.get(key)
        if found is None:
            found = rendered[key] = caller()
        return found

    env.globals["once"] = once
