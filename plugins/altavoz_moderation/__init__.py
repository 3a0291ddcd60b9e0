"""Altavoz moderation: one sanitizer and the checks that stand between a pull request and the site.

Public API: ``report.check_site`` (all checks, a Report), ``sanitizer`` (sanitize_fragment,
plain_text, safe_url), ``cli.run_check`` (what ``invoke check`` runs). See CODES.md.
"""
