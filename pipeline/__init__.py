"""Curation pipeline for scraped health articles (``python -m pipeline --help``)."""
import os

__version__ = "0.1.0"

# numpy, which spaCy imports, starts an OpenBLAS thread per core that spins while it waits for work:
# ~0.15 CPU-s of the client's start-up here, taken from the worker extracting pages beside it. The
# pipeline does no linear algebra (numpy sorts, searches and hashes), so one thread is enough. Set
# before numpy is imported; a value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
