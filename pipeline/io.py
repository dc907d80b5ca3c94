"""The only module that touches raw/, curated/ and the overrides file: read inputs, write tables atomically."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .config import ConfigError
from .records import RawInput

# Column order of every table, declared once (the contract with downstream users).
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents.csv": ("doc_id", "source", "url", "title", "status", "reason", "n_sentences", "content_sha256",
                      "format", "extraction", "n_content", "n_boilerplate", "n_spun", "spin_score", "condition",
                      "condition_from", "warnings"),
    "sentences.csv": ("doc_id", "index", "start", "end", "label", "reason", "kind", "section", "text"),
    "mentions.csv": ("mention_id", "doc_id", "sentence_index", "start", "end", "type", "surface", "norm", "flag",
                     "section", "rule", "entity_id", "concept", "ontology_id"),
    "entities.csv": ("entity_id", "type", "name", "aliases", "n_documents", "n_mentions", "n_contraindicated",
                     "ontology_id", "concept"),
    "relations.csv": ("condition", "relation", "entity_id", "name", "n_documents", "evidence"),
    "review_spin.csv": ("doc_id", "source", "score", "status", "evidence"),
    "review_pairs.csv": ("type", "entity_a", "name_a", "entity_b", "name_b", "score", "decision"),
    "merged_ids.csv": ("retired_id", "replaced_by", "override"),
}


def append_file(src: str | Path, dst) -> None:
    """Append the file ``src`` to the open binary file ``dst``: in the kernel (``os.sendfile``) where the
    system allows it, else through a buffer."""
    dst.flush()
    with open(src, "rb") as fh:
        size, done = os.fstat(fh.fileno()).st_size, 0
        try:
            while done < size and (sent := os.sendfile(dst.fileno(), fh.fileno(), done, size - done)):
                done += sent
        except (OSError, AttributeError):  # another system, or files sendfile cannot join: copy the rest
            pass
        dst.seek(0, os.SEEK_END)  # the handle learns where the kernel left the file
        fh.seek(done)
        shutil.copyfileobj(fh, dst, 1 << 20)


def list_raw(root: Path) -> list[str]:
    """Paths (relative to ``root``, POSIX) of every file under it, recursively, in a stable sorted order:
    what ``root.rglob("*")`` lists that is not a folder (or a link to one) and whose name does not start
    with a dot. ``os.scandir`` knows an entry's type from the folder listing, where ``rglob`` plus
    ``is_dir`` would stat every file."""
    out: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as entries:
                for e in entries:
                    if e.is_dir():
                        if not e.is_symlink():  # rglob lists linked folders but does not descend into them
                            walk(e.path, prefix + e.name + "/")
                    elif not e.name.startswith("."):
                        out.append(prefix + e.name)
        except OSError:  # an unreadable folder is skipped, as rglob does
            pass

    walk(str(root), "")
    out.sort()
    return out


def iter_raw(root: Path, max_bytes: int) -> Iterator[RawInput]:
    """Every file under ``root``, read one at a time in ``list_raw`` order."""
    for rel in list_raw(root):
        yield read_raw(root, root / rel, max_bytes)


def read_raw(root: Path, path: Path, max_bytes: int) -> RawInput:
    """Read one raw file, or say why it cannot be read; never raises."""
    source = path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size
    except OSError as exc:
        return RawInput(source, error=f"cannot read file: {exc.strerror or exc}")
    if not path.is_file():
        return RawInput(source, error="not a regular file", size=size)
    if size > max_bytes:
        return RawInput(source, size=size)  # ingest reports it as oversized without reading it
    try:
        return RawInput(source, data=path.read_bytes(), size=size)
    except OSError as exc:
        return RawInput(source, error=f"cannot read file: {exc.strerror or exc}", size=size)


def cell(value: Any) -> str:
    """One CSV cell, formatted one way: floats with four decimals, lists joined by '|'."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return str(value)


def csv_text(name: str, rows: Iterable[dict[str, Any]]) -> str:
    """A table as CSV text, columns in their declared order, LF line ends, every value formatted one way."""
    buf = io.StringIO()
    write_csv(buf, name, rows)
    return buf.getvalue()


def write_csv(fh, name: str, rows: Iterable[dict[str, Any]]) -> None:
    """``csv_text`` written row by row to a text handle (a large table is never one string in memory)."""
    writer = csv.writer(fh, lineterminator="\n")
    cols = COLUMNS[name]
    writer.writerow(cols)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in cols])


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def json_records_text(data: dict[str, Any]) -> str:
    """A JSON object whose lists hold one compact record per line: the same data as ``json_text``, diffable
    line by line, and written by json's C encoder (indenting forces its pure-Python one, 5x slower)."""
    buf = io.StringIO()
    write_json_records(buf, data)
    return buf.getvalue()


class Encoded(str):
    """A record already encoded as compact JSON (``json.dumps(v, ensure_ascii=False)``): written as it is."""


def write_json_records(fh, data: dict[str, Any]) -> None:
    """``json_records_text`` written record by record to a text handle (a large knowledge base is never
    one string in memory). A value may also be an iterator of records, made as they are written, and a
    record an ``Encoded`` string: the same bytes as the list of the records it stands for."""
    def one(v: Any) -> str:
        return v if isinstance(v, Encoded) else json.dumps(v, ensure_ascii=False)

    fh.write("{\n")
    for i, (key, value) in enumerate(data.items()):
        fh.write(",\n" if i else "")
        if not isinstance(value, (list, Iterator)):
            fh.write(f"{one(key)}: {one(value)}")
            continue
        records = iter(value)
        first = next(records, _NONE)
        if first is _NONE:
            fh.write(f"{one(key)}: []")
            continue
        fh.write(f"{one(key)}: [\n")
        fh.write(one(first))
        for v in records:
            fh.write(",\n")
            fh.write(one(v))
        fh.write("\n]")
    fh.write("\n}\n")


_NONE = object()


class AtomicOutput:
    """Collect output files in a temporary folder beside ``out``; move them into place only on commit()."""

    def __init__(self, out: Path):
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".curate-", dir=out))
        self.names: list[str] = []

    def open(self, name: str):
        """A text handle for streaming one output file into the temporary folder."""
        self.names.append(name)
        return (self.tmp / name).open("w", encoding="utf-8", newline="")

    def open_bytes(self, name: str):
        """A binary handle for streaming already-encoded rows into one output file."""
        self.names.append(name)
        return (self.tmp / name).open("wb")

    def write(self, name: str, text: str) -> None:
        (self.tmp / name).write_text(text, encoding="utf-8", newline="")
        self.names.append(name)

    def commit(self) -> None:
        for name in self.names:
            os.replace(self.tmp / name, self.out / name)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


OVERRIDE_COLUMNS = ("action", "entity_id", "target", "value", "note")
OVERRIDE_ACTIONS = ("merge", "split", "rename", "retype", "reject")


def read_overrides(path: Path) -> list[dict[str, Any]]:
    """The analyst's overrides file as rows (``row``: its line number), read as a spreadsheet may save it
    (a byte-order mark, CRLF line ends, ``;`` or tab separators); ``#`` lines are comments. A file that
    cannot be read or a row that is malformed raises ConfigError naming the line and the fix."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"overrides file {path} cannot be read: {exc.strerror or exc} (fix --overrides)") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"overrides file {path} is not UTF-8 (byte {exc.start}); save it as CSV UTF-8") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")]
    if not lines:
        raise ConfigError(f"overrides file {path} has no header row; expected: {','.join(OVERRIDE_COLUMNS)}")
    header_line = lines[0][1]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    rows = list(csv.reader([line for _, line in lines], delimiter=delimiter))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in OVERRIDE_COLUMNS[:4] if c not in header]
    if missing:
        raise ConfigError(f"overrides file {path} line {lines[0][0]}: header lacks {', '.join(missing)}; "
                          f"expected: {','.join(OVERRIDE_COLUMNS)}")
    out = []
    for (lineno, _), cells in zip(lines[1:], rows[1:]):
        row = dict(zip(header, (c.strip() for c in cells)))
        action = row.get("action", "")
        if action not in OVERRIDE_ACTIONS:
            raise ConfigError(f"overrides file {path} line {lineno}: unknown action {action!r}; "
                              f"allowed: {', '.join(OVERRIDE_ACTIONS)}")
        if not row.get("entity_id"):
            raise ConfigError(f"overrides file {path} line {lineno}: {action} needs an entity_id")
        out.append({"row": lineno, "action": action, "entity_id": row.get("entity_id", ""),
                    "target": row.get("target", ""), "value": row.get("value", ""), "note": row.get("note", "")})
    return out

