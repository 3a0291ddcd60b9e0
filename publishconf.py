"""Settings for the public site: pelicanconf.py plus the real address.

SITEURL comes from the ALTAVOZ_SITEURL environment variable (the deploy
workflow sets it), so forks can publish under their own address.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("ALTAVOZ_SITEURL", "https://altavoz.example.org").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
