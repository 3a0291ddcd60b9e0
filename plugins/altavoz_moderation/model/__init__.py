"""A submission as the build will read, render and place it, computed before the build.

``metadata`` (the header as the site's Markdown reader takes it), ``rendering`` (the body
as the build renders it, within a budget), ``references`` (the images the body shows),
``addresses`` (where every submission is written, in every language site) and
``address_clashes`` (what in that set cannot be written as it is). The checks compare
what a contributor meant with what the build would do from these.
"""
