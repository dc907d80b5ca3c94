"""knowledge_base.sqlite: every CSV table in one SQLite database, built from the written tables' rows,
with the data package's types, primary keys, foreign keys and indexes: an analyst queries the sentence
and mention tables (which outgrow a spreadsheet at a few thousand documents) with SQL, Datasette or
sqlite-utils."""
from __future__ import annotations

import csv
import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..io import COLUMNS, unsafe_cell
from .schemas import INDEXES, KEYS, field_type

_SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def _placeholder(kind: str, nullable: bool) -> str:
    """How one CSV cell becomes a value: typed columns convert numeric text by their affinity (in
    SQLite's C code, not Python's), booleans are 1/0, an empty foreign key is NULL."""
    if kind == "boolean":
        return "(CASE ? WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)"
    if nullable or kind in ("integer", "number"):
        return "NULLIF(?, '')"
    return "?"


def _rows(reader):
    """CSV rows as written, with spreadsheet-escaped cells (rare) read back as their text."""
    for row in reader:
        if any(c[:1] == "'" for c in row):
            row = [unsafe_cell(c) for c in row]
        yield row


def _escaped(path: Path) -> bool:
    """Whether any cell of a CSV file may start with an apostrophe (``io.safe_cell``'s escape)."""
    with path.open("rb") as fh:
        tail = b""
        while chunk := fh.read(1 << 24):
            block = tail + chunk
            if b",'" in block or b"\n'" in block or b",\"'" in block or block.startswith(b"'"):
                return True
            tail = block[-2:]
    return False


def write_database(folder: Path, target: Path, tables: list[str] | None = None) -> None:
    """Build ``target`` from the CSV tables in ``folder`` (written by this run): ``tables`` (file
    names) added to it, or every table into a new database."""
    if tables is None or "documents.csv" in tables:
        target.unlink(missing_ok=True)
    try:
        _write(folder, target, tables)
    except sqlite3.Error as exc:  # a full disk, an unwritable folder: reported like any failed write
        raise OSError(errno.EIO, f"building {target.name} failed ({exc})", str(target)) from None


def _write(folder: Path, target: Path, tables: list[str] | None) -> None:
    db = sqlite3.connect(target)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA page_size=65536")  # fewer, larger pages: a quarter faster to fill
        for name, cols in COLUMNS.items():
            if tables is not None and name not in tables:
                continue
            table = name[:-4]
            pk, fks = KEYS.get(name, ([], []))
            fk_cols = {c for f, _, _ in fks for c in f}
            lines = [f'"{c}" {_SQL_TYPES.get(field_type(c), "TEXT")}' for c in cols]
            if pk:
                lines.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in pk) + ")")
            for f, res, rf in fks:
                lines.append(f'FOREIGN KEY ({", ".join(f)}) REFERENCES "{res.replace("-", "_")}" ({", ".join(rf)})')
            db.execute(f'CREATE TABLE "{table}" (\n  ' + ",\n  ".join(lines) + "\n)")
            values = ", ".join(_placeholder(field_type(c), c in fk_cols) for c in cols)
            path = folder / name
            if path.exists():
                with path.open(encoding="utf-8", newline="") as fh:
                    reader = csv.reader(fh)
                    next(reader, None)
                    rows = _rows(reader) if _escaped(path) else reader
                    db.executemany(f'INSERT INTO "{table}" VALUES ({values})', rows)
            for cols_ in INDEXES.get(name, []):
                db.execute(f'CREATE INDEX "{table}_{"_".join(cols_)}" ON "{table}" ({", ".join(cols_)})')
        db.commit()
    finally:
        db.close()


@dataclass
class Started:
    """A database child under way: its process, its error pipe, and the pipe that tells it the tables it
    waits for are complete."""

    proc: Any
    errors: Any
    go: Any
    later: tuple[str, ...]
    told: bool = False


def start_database(folder: Path, target: Path, tables: list[str], later: tuple[str, ...] = ()) -> Started:
    """``write_database`` of ``tables`` in a child process (the largest tables take seconds a million
    rows; the composer meanwhile writes the JSON and the report), then of ``later`` once ``tables_ready``
    says they are complete. ``finish_database`` waits for it."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)  # the child's error, if any (a pipe: the disk may be full)
    go_receive, go_send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(folder, target, tables, list(later), send, go_receive, os.getpid()),
                       name="knowledge-base-sqlite")
    proc.start()
    send.close()
    go_receive.close()
    return Started(proc, receive, go_send, tuple(later))


def tables_ready(started: Started) -> None:
    """Let the child go on to its ``later`` tables (idempotent)."""
    if not started.told:
        started.told = True
        started.go.send(True)
        started.go.close()


def _child(folder: Path, target: Path, tables: list[str], later: list[str], send, go, parent: int) -> None:
    from ..executors.local import die_with_parent

    die_with_parent(parent)  # a killed run leaves no process writing into its abandoned folder
    try:
        write_database(folder, target, tables)
        if later:
            try:
                go.recv()
            except EOFError:  # the composer stopped: its run is abandoned
                raise SystemExit(1) from None
            write_database(folder, target, later)
    except OSError as exc:
        send.send((exc.errno, exc.strerror or str(exc), exc.filename))
        raise SystemExit(1) from None


def finish_database(started: Started, folder: Path, target: Path, tables: list[str]) -> None:
    """Wait for ``start_database``'s child, then add ``tables`` (those it did not take); a failed child's
    error is raised here."""
    tables_ready(started)
    proc, receive = started.proc, started.errors
    proc.join()
    error = receive.recv() if proc.exitcode != 0 and receive.poll() else None
    receive.close()
    if proc.exitcode != 0:
        code, message, filename = error or (errno.EIO, f"building {target.name} failed (exit {proc.exitcode})",
                                            str(target))
        raise OSError(code, message, filename)
    write_database(folder, target, [t for t in tables if t not in started.later])
