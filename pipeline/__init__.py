"""Curation pipeline for scraped health articles (``python -m pipeline --help``)."""

__version__ = "0.3.0"
