"""Settings for the public site: pelicanconf.py plus the real address.

SITEURL comes from the ALTAVOZ_SITEURL environment variable (the deploy
workflow sets it), so forks can publish under their own address.

pelicanconf.py is read by its path (with the project's one settings reader), so this
file works from any working directory without putting the checkout on sys.path.
"""

import os
from pathlib import Path

from altavoz_submit.project import conf_values

globals().update(conf_values(Path(__file__).with_name("pelicanconf.py")))

SITEURL = os.environ.get("ALTAVOZ_SITEURL", "https://altavoz.example.org").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
# Kept and swept after the build, as in pelicanconf.py: the same files as an emptied folder.
DELETE_OUTPUT_DIRECTORY = False
