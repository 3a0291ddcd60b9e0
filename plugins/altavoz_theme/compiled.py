"""Compiled templates kept between generators and builds (Jinja's bytecode cache).

Pelican gives every generator of every language site an environment of its own, so
without this each template is compiled once per generator and site, every build.
Jinja checks each cached template against its source (a checksum) and against its
own and Python's versions; what it does not check is how the environment compiles
(delimiters, whitespace control, autoescape, extensions, gettext style, which filters
and tests take the context), so those name the folder: environments that compile
differently never share an entry. Jinja writes each entry atomically and drops one it
cannot load, which is then compiled again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jinja2
from jinja2.bccache import FileSystemBytecodeCache

# Environment attributes that change the code a template compiles to.
_COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "newstyle_gettext",
)


def _describe(value) -> str:
    """A stable description of an option: callables by name, never by address."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value))}"
    return repr(value)


def environment_fingerprint(env: jinja2.Environment) -> str:
    options = {name: _describe(getattr(env, name, None)) for name in _COMPILE_OPTIONS}
    options["autoescape"] = _describe(env.autoescape)
    options["extensions"] = sorted(env.extensions)
    options["finalize"] = _describe(env.finalize)
    # A template calls a filter or test that takes the context (or environment) with it
    # as first argument: compiled for one kind, it breaks when the function is the other.
    for kind in ("filters", "tests"):
        functions = getattr(env, kind)
        options[kind] = sorted(
            (name, str(getattr(function, "jinja_pass_arg", "")))
            for name, function in functions.items()
        )
    options["jinja"] = jinja2.__version__
    text = json.dumps(options, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def use_bytecode_cache(env: jinja2.Environment, cache_dir: str | None) -> None:
    """Give ``env`` the on-disk cache of compiled templates in ``cache_dir``.

    Call once the environment is complete (extensions installed): its settings name
    the folder inside.
    """
    if not cache_dir:
        return
    folder = Path(cache_dir) / environment_fingerprint(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # no cache, templates are compiled as usual
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
