"""knowledge_base.sqlite: every CSV table in one SQLite database, built from the written tables' rows,
with the data package's types, primary keys, foreign keys and indexes: an analyst queries the sentence
and mention tables (which outgrow a spreadsheet at a few thousand documents) with SQL, Datasette or
sqlite-utils."""
from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from ..io import COLUMNS, unsafe_cell
from .schemas import INDEXES, KEYS, field_type

_SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def _convert(kind: str):
    if kind == "integer":
        return lambda v: int(v) if v != "" else None
    if kind == "number":
        return lambda v: float(v) if v != "" else None
    if kind == "boolean":
        return lambda v: {"true": 1, "false": 0}.get(v)
    return unsafe_cell


def write_database(folder: Path, target: Path) -> None:
    """Build ``target`` from the CSV tables in ``folder`` (written by this run)."""
    target.unlink(missing_ok=True)
    db = sqlite3.connect(target)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        for name, cols in COLUMNS.items():
            table = name[:-4]
            pk, fks = KEYS.get(name, ([], []))
            fk_cols = {c for f, _, _ in fks for c in f}
            lines = [f'"{c}" {_SQL_TYPES.get(field_type(c), "TEXT")}' for c in cols]
            if pk:
                lines.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in pk) + ")")
            for f, res, rf in fks:
                lines.append(f'FOREIGN KEY ({", ".join(f)}) REFERENCES "{res.replace("-", "_")}" ({", ".join(rf)})')
            db.execute(f'CREATE TABLE "{table}" (\n  ' + ",\n  ".join(lines) + "\n)")
            convert = [_convert(field_type(c)) for c in cols]
            # a foreign key with no target (a mention no entity took) is NULL, not "", so the keys hold
            nullable = [c in fk_cols for c in cols]
            insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(cols))})'
            path = folder / name
            if not path.exists():
                continue
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                next(reader, None)
                batch = []
                for row in reader:
                    batch.append([None if (n and v == "") else f(v) for f, n, v in zip(convert, nullable, row)])
                    if len(batch) >= 50_000:
                        db.executemany(insert, batch)
                        batch = []
                db.executemany(insert, batch)
            for cols_ in INDEXES.get(name, []):
                db.execute(f'CREATE INDEX "{table}_{"_".join(cols_)}" ON "{table}" ({", ".join(cols_)})')
        db.commit()
    finally:
        db.close()
