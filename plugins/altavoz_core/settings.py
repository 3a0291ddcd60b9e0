"""Every plugin's settings: one table of defaults, filled into Pelican's settings the same way.

Each plugin keeps its knobs in one ``DEFAULTS`` dict of prefixed keys and fills them in
with ``apply_defaults`` from its ``set_default_settings`` (at Pelican's ``initialized``,
and in the tools that read ``pelicanconf.py`` with Pelican's ``read_settings``).
"""

from __future__ import annotations

import copy


def apply_defaults(settings: dict, defaults: dict) -> dict:
    """Fill in every key of ``defaults`` that ``settings`` lacks (in place) and return it.

    Values are copied so that no build or test can change a plugin's table through
    a list or dict it was handed.
    """
    for key, value in defaults.items():
        if key not in settings:
            settings[key] = copy.deepcopy(value)
    return settings
