"""What Altavoz means by a submission, with no Pelican in it: the core every plugin imports.

* ``submissions``: the layout (kinds, folders, paths) and finding the submissions;
* ``frontmatter``: reading an ``index.md`` header the way the site reads it;
* ``slugs``: the rules for folder and file names;
* ``findings`` and ``codes``: the one shape of a finding and every code (CODES.md);
* ``catalogs``: the checks' and the intake's messages in other languages than Spanish
  (gettext catalogs in ``locale/``, read with Babel);
* ``rejected``: what the build leaves out (submissions with errors, linked files);
* ``markup``: how a text names its images (``<img>`` attributes, ``{static}`` links);
* ``settings``: filling a plugin's defaults into Pelican's settings;
* ``git``: running git for the tools that look at a branch.

Nothing here imports Pelican, Markdown or Pillow, and Babel only when a message is first
worded (``tests/test_architecture.py``), so a tool or a test that needs one finding or one
path pays for nothing else; the plugins are adapters on top, and no package of the project
imports one that imports it back.
"""
