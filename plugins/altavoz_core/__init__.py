"""What Altavoz means by a submission, with no Pelican in it: the core every plugin imports.

* ``submissions``: the layout (kinds, folders, paths) and finding the submissions;
* ``frontmatter``: reading an ``index.md`` header the way the site reads it;
* ``slugs``: the rules for folder and file names;
* ``findings`` and ``codes``: the one shape of a finding and every code (CODES.md);
* ``settings``: filling a plugin's defaults into Pelican's settings.

Nothing here imports Pelican, Markdown or Pillow, so a tool or a test that needs one
finding or one path pays for nothing else; the Pelican plugins are adapters on top.
"""
