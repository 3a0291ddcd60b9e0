"""The one sanitizer every submitted text goes through (``sanitizer``), and its output
remembered by the exact HTML it was given (``cache``)."""
