"""``python -m pipeline``: the command line. A finished command ends its process without freeing its heap."""
import os
import sys

from .cli import main


def _exit(code: int) -> None:
    """Exit with ``code``. A run leaves spaCy, its tables and the client's records in memory, and freeing
    them object by object at interpreter shutdown took 0.1-0.2 s of a 4-5 s run. When nothing is left
    to wait for (no child process, no thread but this one and daemon threads) the log handlers and the
    standard streams are flushed and the process ends at once, as mypy's ``util.hard_exit`` does;
    otherwise, or if a stream cannot be flushed, the normal shutdown runs."""
    import logging
    import multiprocessing
    import threading

    main_thread = threading.main_thread()
    if multiprocessing.active_children() or any(t is not main_thread and not t.daemon for t in threading.enumerate()):
        sys.exit(code)
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let the normal shutdown report it
        sys.exit(code)
    os._exit(code)


_exit(main())
