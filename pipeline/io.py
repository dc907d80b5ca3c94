"""The only module that touches raw/, curated/ and the overrides file: read inputs, write tables atomically."""
from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import Any

from .config import ConfigError
from .records import RawInput

# Our own tables hold sentences of any length: lift the csv module's 128 KiB field limit for every
# reader in the process (view.py, tables.py read what this module wrote).
csv.field_size_limit(2**31 - 1)

# Column order of every table, declared once (the contract with downstream users).
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents.csv": ("doc_id", "source", "url", "title", "status", "reason", "duplicate_of", "n_sentences",
                      "content_sha256", "format", "extraction", "n_content", "n_boilerplate", "n_spun", "spin_score", "condition",
                      "condition_from", "warnings"),
    "sentences.csv": ("doc_id", "index", "start", "end", "label", "reason", "kind", "section", "text"),
    "mentions.csv": ("mention_id", "doc_id", "sentence_index", "start", "end", "type", "surface", "norm", "flag",
                     "flag_from", "section", "rule", "entity_id", "concept", "ontology_id", "about"),
    "entities.csv": ("entity_id", "type", "name", "aliases", "n_documents", "n_mentions", "n_contraindicated",
                     "ontology_id", "concept"),
    "conditions.csv": ("condition_id", "name", "ontology_id", "n_documents", "n_causes", "n_symptoms",
                       "n_treatments", "n_exercises", "n_contraindicated", "n_conflicts"),
    "relations.csv": ("condition_id", "condition", "relation", "entity_id", "name", "n_documents", "confidence",
                      "conflict", "stated", "evidence"),
    "review_spin.csv": ("doc_id", "source", "score", "status", "evidence"),
    "review_pairs.csv": ("type", "entity_a", "name_a", "entity_b", "name_b", "score", "decision", "accept"),
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
    """Paths (relative to ``root``, POSIX) of every entry under it, recursively, in a stable sorted order:
    files, links, special files, hidden files and folders that could not be listed (those with a
    trailing "/"). Nothing is left out: ``read_raw`` turns what is not to be read into a row with its
    reason. Folders are entered, and links to folders only while they resolve inside ``root`` (each
    folder once, so a link cycle ends). Never raises."""
    out: list[str] = []
    base = os.path.realpath(root)
    seen: set[tuple[int, int]] = set()
    links: list[tuple[str, str]] = []   # (path, rel) of links to folders inside root, entered after the real ones

    def walk(folder: str, prefix: str) -> None:
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                out.append(prefix)   # a folder already listed by its own path: one row, not a cycle
                return
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            out.append(prefix)       # an unreadable folder gets a row (read_raw says why)
            return
        for e in entries:
            rel = prefix + e.name
            try:
                is_dir = e.is_dir()  # follows a link; a loop or a broken link is not a folder
            except OSError:
                is_dir = False
            if not is_dir or e.name.startswith("."):
                out.append(rel + ("/" if is_dir else ""))
            elif not e.is_symlink():
                walk(e.path, rel + "/")
            elif _inside(e.path, base):
                links.append((e.path, rel + "/"))
            else:
                out.append(rel + "/")

    walk(str(root), "")
    while links:                     # a folder reached only through a link is listed under the link
        path, rel = links.pop(0)
        walk(path, rel)
    if "" in out:
        out.remove("")               # the root itself (unreadable): run() reports it
    out.sort()
    return out


def _inside(path: str, base: str) -> bool:
    """Whether ``path``, links resolved, is ``base`` or under it."""
    try:
        real = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError):
        return False
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def printable(text: str) -> str:
    """A name or one-line field as it can be written anywhere: bytes a file name could not decode become
    U+FFFD, control characters (CR, LF, NUL, tab...) a space."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        try:     # a file name's undecodable bytes (os.fsdecode's escapes): one U+FFFD each
            data = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            data = text.encode("utf-8", "surrogatepass")
        text = data.decode("utf-8", "replace")
    return _LINE_CONTROLS.sub(" ", text)


_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def iter_raw(root: Path, max_bytes: int) -> Iterator[RawInput]:
    """Every entry under ``root``, read one at a time in ``list_raw`` order."""
    for rel in list_raw(root):
        yield read_raw(root, root / rel, max_bytes)


def read_raw(root: Path, path: Path, max_bytes: int) -> RawInput:
    """Read one raw entry, or say why it is not read; never raises. Links are followed only while they
    resolve inside ``root``; hidden files, folders that could not be listed and special files are not read."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = str(path)
    source = printable(rel)
    try:
        lst = path.lstat()
    except OSError as exc:
        return RawInput(source, error=f"cannot read file: {exc.strerror or exc}")
    if stat.S_ISLNK(lst.st_mode):
        target = printable(os.readlink(path))
        try:
            os.stat(path)
        except OSError as exc:
            why = "a link loop" if exc.errno == errno.ELOOP else "a broken link"
            return RawInput(source, error=f"skipped: {why} (-> {target})")
        if not _inside(str(path), os.path.realpath(root)):
            return RawInput(source, error=f"skipped: link to outside the raw folder (-> {target})")
        if path.is_dir():
            return RawInput(source + "/", error=f"skipped: link to a folder listed through another path (-> {target})")
    if PurePath(rel).name.startswith(".") and not stat.S_ISDIR(lst.st_mode):
        return RawInput(source, error="skipped: hidden file (its name starts with a dot)", size=lst.st_size)
    try:
        st = path.stat()
    except OSError as exc:
        return RawInput(source, error=f"cannot read file: {exc.strerror or exc}")
    if stat.S_ISDIR(st.st_mode):
        source += "/"
        if PurePath(rel).name.startswith("."):
            return RawInput(source, error="skipped: hidden folder (its name starts with a dot)")
        try:
            os.listdir(path)
            return RawInput(source, error="skipped: a folder listed through another path")
        except OSError as exc:
            return RawInput(source, error=f"cannot read folder: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
        return RawInput(source, error=f"skipped: not a regular file ({kind})")
    size = st.st_size
    if size > max_bytes:
        return RawInput(source, size=size)  # ingest reports it as oversized without reading it
    try:
        with open(path, "rb") as fh:
            return RawInput(source, data=fh.read(max_bytes + 1), size=size)
    except OSError as exc:
        return RawInput(source, error=f"cannot read file: {exc.strerror or exc}", size=size)


# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV injection"); it is
# written after an apostrophe, which Excel and LibreOffice show as text. A cell whose apostrophes come
# before one of them gets one more, so that reading back (``unsafe_cell``) is exact.
_FORMULA_START = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def safe_cell(c: str) -> str:
    """A text cell as a spreadsheet shows it as text: see ``_FORMULA_START``. Numbers stay numbers."""
    head = c.lstrip("'")[:1]
    if head and head in _FORMULA_START and not _NUMBER.fullmatch(c):
        return "'" + c
    return c


def unsafe_cell(c: str) -> str:
    """The text ``safe_cell`` was given (for our own reads of the tables)."""
    return c[1:] if c[:1] == "'" and safe_cell(c[1:]) == c else c


def csv_rows(rows: Iterable[Iterable[str]]) -> str:
    """Rows of text cells as CSV (LF line ends), every cell made spreadsheet-safe."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in rows:
        w.writerow([safe_cell(c) for c in row])
    return buf.getvalue()


def rows_at(path: Path, spans: Iterable[tuple[Any, int, int]]) -> Iterator[tuple[Any, list[list[str]]]]:
    """The CSV rows of some byte ranges of a table this run wrote, ``(key, offset, size)`` each, with
    their cells read back as the text they hold (``unsafe_cell``), in the order given."""
    with Path(path).open("rb") as fh:
        for key, offset, size in spans:
            fh.seek(offset)
            block = fh.read(size).decode("utf-8")
            yield key, [[unsafe_cell(c) for c in r] for r in csv.reader(io.StringIO(block, newline=""))]


def cell(value: Any) -> str:
    """One CSV cell, formatted one way: floats with four decimals, lists joined by '|'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
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
        writer.writerow([safe_cell(cell(row.get(c))) for c in cols])


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


class OutputBusy(RuntimeError):
    """Another run holds the output folder's lock."""


def _fsync_tree(folder: Path) -> None:
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            with open(p, "rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder
        pass
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the system or
    file system cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    ok = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    return ok


class AtomicOutput:
    """The run's outputs, built in a fresh folder beside ``out`` and switched with it in one step.

    ``lock()`` takes ``out``'s lock file (``.<name>.lock`` beside it) for the run, so a second run into
    the same folder stops at once, and removes what killed runs left behind. ``commit()`` syncs the new
    folder to disk, moves in whatever else ``out`` held (files that are not ours), then swaps the two
    folders with one system call: a kill at any moment leaves either the whole old knowledge base or the
    whole new one. Where the system cannot swap folders, the files are replaced one by one."""

    PREFIX = ".curate-"
    # every name a run may write: one the run did not write this time (knowledge_base.json of a large
    # run) is not carried over from the previous knowledge base as if it were the user's
    MANAGED = frozenset({*COLUMNS, "conditions.csv", "documents.jsonl", "conditions.jsonl", "entities.jsonl",
                         "relations.jsonl", "knowledge_base.json", "knowledge_base.sqlite", "datapackage.json",
                         "run.json", "report.html", "schemas"})

    def __init__(self, out: Path):
        self.out = Path(out)
        self.parent = self.out.absolute().parent
        self.parent.mkdir(parents=True, exist_ok=True)
        self._lock = None
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}{self.PREFIX}", dir=self.parent))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(self.tmp, 0o777 & ~mask)  # it becomes the output folder: a folder's usual mode, not 0700
        self.names: list[str] = []

    @staticmethod
    def lock_path(out: Path) -> Path:
        out = Path(out).absolute()
        return out.parent / f".{out.name}.lock"

    @classmethod
    def acquire(cls, out: Path):
        """Hold ``out``'s lock (a file beside it) or raise OutputBusy; then remove stale temporaries."""
        import fcntl

        path = cls.lock_path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip()
            fh.close()
            raise OutputBusy(f"another run (pid {holder or '?'}) is writing to {out}; wait for it to end "
                             "or give another --out") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        out = Path(out).absolute()
        stale = list(out.parent.glob(f".{out.name}{cls.PREFIX}*"))
        if out.is_dir():
            stale += list(out.glob(".curate-*")) + list(out.glob(".spool-*"))  # left by earlier versions
        for p in stale:
            for child in (p.iterdir() if p.is_dir() else ()):  # a folder of the user's a kill left here
                if child.is_dir() and not child.is_symlink() and not child.name.startswith(".spool-") \
                        and out.is_dir() and not (out / child.name).exists():
                    os.rename(child, out / child.name)
            shutil.rmtree(p, ignore_errors=True)
        return fh

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
        ours = {n.split("/")[0] for n in self.names}
        for p in list(self.tmp.iterdir()):  # scratch files the run left
            if p.name not in ours:
                shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
        _fsync_tree(self.tmp)
        if not self.out.exists():
            os.rename(self.tmp, self.out)
            _fsync_dir(self.parent)
            return
        # what the folder held besides the knowledge base stays in it: files linked in before the swap
        # (a kill leaves them in both folders), folders moved after it (``acquire`` restores one that a
        # kill left in a stale temporary folder)
        folders = []
        for p in self.out.iterdir():
            if p.name in ours or p.name in self.MANAGED or (self.tmp / p.name).exists():
                continue
            if p.is_dir() and not p.is_symlink():
                folders.append(p.name)
            else:
                try:
                    os.link(p, self.tmp / p.name, follow_symlinks=False)
                except OSError:
                    shutil.copy2(p, self.tmp / p.name, follow_symlinks=False)
        if _exchange(self.tmp, self.out):
            _fsync_dir(self.parent)
            for name in folders:
                os.rename(self.tmp / name, self.out / name)
            self.discard()              # the old knowledge base, now at the temporary path
            return
        for name in self.names:         # no folder swap here: replace file by file
            (self.out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.tmp / name, self.out / name)
        _fsync_dir(self.out)
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
OVERRIDE_ACTIONS = ("merge", "split", "rename", "retype", "reject", "condition", "flag", "drop_relation")
# what the id column names for each action (an entity unless said here)
_OVERRIDE_ID = {"condition": "a doc_id", "flag": "a mention_id"}
FLAG_VALUES = ("contraindicated", "negated", "none")


def read_review_answers(path: Path) -> dict[tuple[str, str], str]:
    """The analyst's answers in a review_pairs.csv (its ``accept`` column: yes or no, any case; other
    values and empty cells are no answer), {(entity_a, entity_b): answer}. A file that is missing or has
    no accept column gives none; one that cannot be read as CSV raises ConfigError."""
    if not path.is_file():
        return {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} cannot be read for its accept column: {exc}; fix or delete it") from None
    lines = text.splitlines()
    if not lines:
        return {}
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    out = {}
    for row in csv.DictReader(lines, delimiter=delimiter):
        answer = (row.get("accept") or "").strip().lower()
        if answer in ("yes", "no") and row.get("entity_a") and row.get("entity_b"):
            out[(row["entity_a"].strip(), row["entity_b"].strip())] = answer
    return out


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
    header = ["entity_id" if h == "id" else h for h in header]  # "id": the column's name for every action
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
            raise ConfigError(f"overrides file {path} line {lineno}: {action} needs {_OVERRIDE_ID.get(action, 'an entity_id')} "
                              "in the id column")
        if action == "condition" and not row.get("value"):
            raise ConfigError(f"overrides file {path} line {lineno}: condition needs the condition's name as value")
        if action == "flag" and row.get("value", "") not in FLAG_VALUES:
            raise ConfigError(f"overrides file {path} line {lineno}: flag value must be one of {', '.join(FLAG_VALUES)}")
        if action == "drop_relation" and not row.get("target"):
            raise ConfigError(f"overrides file {path} line {lineno}: drop_relation needs the condition as target")
        out.append({"row": lineno, "action": action, "entity_id": row.get("entity_id", ""),
                    "target": row.get("target", ""), "value": row.get("value", ""), "note": row.get("note", "")})
    return out

