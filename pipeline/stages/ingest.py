"""Ingest: one raw input's bytes to Documents (one per file, or one per .jsonl/.warc record).

Never raises on bad input: every problem becomes a failed Document with a reason a
person understands, or a warning on a kept one where the input could still be read.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
import zlib
from pathlib import PurePosixPath

from ..config import IngestSettings
from ..markup import render_markdown, render_plain
from ..records import Document, RawInput
from .htmlmeta import page_metadata

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \f \r
BODY_KEYS = ("html", "markdown", "text", "content")
_MAGIC = {b"%PDF": "PDF", b"\x89PNG": "PNG image", b"GIF8": "GIF image", b"\xff\xd8\xff": "JPEG image",
          b"PK\x03\x04": "ZIP archive", b"\x7fELF": "executable", b"BZh": "bzip2 archive"}


_STRIP = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # control characters a text keeps none of
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as every later stage may assume it: line ends LF (CRLF and a lone CR both), no control
    characters but tab, LF and form feed, no lone surrogates (a JSON escape such as \\ud800 makes them;
    they cannot be encoded): U+FFFD instead."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _STRIP.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def one_line(value: str) -> str:
    """A title, URL or metadata value: ``clean_text`` on one line, spaces trimmed."""
    return " ".join(clean_text(value).split())


def make_doc_id(source: str, record: int = 0) -> str:
    """A stable id from the input path and record index: the same on every machine."""
    return hashlib.sha256(f"{source}#{record}".encode("utf-8")).hexdigest()[:16]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode(data: bytes) -> tuple[str | None, str]:
    """Bytes to text: (text, warning) or (None, reason it is not text)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), ""
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                     (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), f"decoded as {enc.upper()} (byte-order mark)"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return None, f"binary file ({what}), not text"
    head = data[:8192]
    utf16 = _utf16_without_bom(head)
    if utf16:
        return data.decode(utf16, errors="replace"), f"decoded as {utf16.upper()} (no byte-order mark)"
    if b"\x00" in head:
        return None, "binary file (contains NUL bytes), not text"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _declared_charset(head)
        if declared:
            return data.decode(declared, errors="replace"), f"invalid UTF-8: decoded as {declared} (declared)"
        try:
            text = data.decode("cp1252")
            enc = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            enc = "Latin-1"
        warning = f"invalid UTF-8 at byte {exc.start}: decoded as {enc}"
    else:
        warning = ""
    sample = text[:8192]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls / len(sample) > 0.05:
        return None, "binary file (too many control characters), not text"
    return text, warning


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
                      re.IGNORECASE)


def _declared_charset(head: bytes) -> str:
    """The character set a page declares (``<meta charset>``, ``http-equiv`` content, or an XML
    declaration) when Python knows it, else ""."""
    m = _CHARSET.search(head[:4096])
    if not m:
        return ""
    name = (m.group(1) or m.group(2)).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _utf16_without_bom(head: bytes) -> str:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a byte-order mark (most
    characters ASCII, so every other byte is NUL), else ""."""
    n = len(head) // 2 * 2
    if n < 8:
        return ""
    even, odd = head[0:n:2].count(0), head[1:n:2].count(0)
    half = n // 2
    if odd > 0.6 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.05 * half:
        return "utf-16-be"
    return ""


def _gunzip(data: bytes, limit: int) -> tuple[bytes | None, str]:
    """A gzip file's bytes (every member, as ``gzip.decompress`` reads them), or why not: corrupt, cut short,
    or expanding past ``limit``. zlib checks each member's header, CRC and length; it stops at ``limit + 1``
    bytes without allocating them up front. (``gzip.GzipFile`` read in 1 MB chunks took 2-3 times as long,
    each chunk a fresh mapping.)"""
    parts: list[bytes] = []
    size = 0
    try:
        while data:
            member = zlib.decompressobj(wbits=31)
            part = member.decompress(data, limit + 1 - size)  # never 0 (zlib's "no limit") here
            size += len(part)
            if size > limit:
                return None, f"gzip file expands to over the {limit / 1e6:.0f} MB size limit"
            if not member.eof:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            parts.append(part)
            data = member.unused_data.lstrip(b"\x00")  # zero padding between members, as gzip skips it
    except (EOFError, zlib.error) as exc:
        return None, f"corrupt gzip file: {exc}"
    return b"".join(parts), ""


def _suffix(source: str) -> tuple[str, bool]:
    suffixes = [s.lower() for s in PurePosixPath(source).suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    if gz:
        suffixes = suffixes[:-1]
    return (suffixes[-1] if suffixes else ""), gz


def _doc(source: str, fmt: str, record: int = 0, n_bytes: int = 0) -> Document:
    return Document(doc_id=make_doc_id(source, record), source=source, fmt=fmt, n_bytes=n_bytes)


def fill_text(doc: Document, body: str, kind: str) -> Document:
    """Put a body on a Document: HTML is kept raw for the cleaning stage; markdown and text are rendered."""
    body = clean_text(body)
    doc.content_sha256 = sha256(body)
    if kind == "html":
        doc.html = body
        meta = page_metadata(body)
        doc.meta = {**meta, **doc.meta}
        doc.title = doc.title or meta.get("title", "")
        doc.url = doc.url or meta.get("url", "")
        if not body.strip():
            return doc.fail("empty HTML page")
        return doc
    rendered = (render_markdown(body) if kind == "markdown" else render_plain(body)).unglued()
    doc.text, doc.layout = rendered.text, rendered.layout
    if not doc.text.strip():
        return doc.fail(f"{kind} body has no text")
    return doc


def _record_doc(record: object, source: str, fmt: str, index: int, n_bytes: int) -> Document:
    doc = _doc(source, fmt, index, n_bytes)
    if not isinstance(record, dict):
        return doc.fail(f"record is a JSON {type(record).__name__}, not an object with a body")
    meta = record.get("metadata") if isinstance(record.get("metadata"), dict) else {}
    for key in ("url", "sourceURL", "source_url", "ogUrl"):
        value = record.get(key) or meta.get(key)
        if isinstance(value, str) and value:
            doc.url = value
            break
    title = record.get("title") or meta.get("title") or meta.get("ogTitle")
    doc.title = title if isinstance(title, str) else ""
    doc.meta = {k: v for k, v in meta.items() if isinstance(v, str) and k in (
        "description", "language", "og:site_name", "ogSiteName", "keywords")}
    for key in BODY_KEYS:
        body = record.get(key)
        if isinstance(body, str) and body.strip():
            kind = {"html": "html", "markdown": "markdown"}.get(key, "text")
            if kind == "text" and body.lstrip().startswith("<") and "</" in body[:5000]:
                kind = "html"
            doc.fmt = f"{fmt}:{kind}"
            return fill_text(doc, body, kind)
    return doc.fail("record has no body: none of " + ", ".join(BODY_KEYS) + " holds text")


def _warc_docs(data: bytes, source: str, n_bytes: int) -> list[Document]:
    from warcio.archiveiterator import ArchiveIterator

    docs: list[Document] = []
    try:
        for i, rec in enumerate(ArchiveIterator(io.BytesIO(data)), start=1):
            if rec.rec_type != "response" or rec.http_headers is None:
                continue
            ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype:
                continue
            uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
            doc = _doc(f"{source}#{i}", "warc:html", i, n_bytes)
            doc.url = uri
            text, warning = decode(rec.content_stream().read())
            if text is None:
                docs.append(doc.fail(warning))
                continue
            if warning:
                doc.warnings.append(warning)
            docs.append(fill_text(doc, text, "html"))
    except Exception as exc:  # warcio raises many kinds on a damaged archive
        docs.append(_doc(f"{source}#error", "warc", 0, n_bytes).fail(f"damaged WARC file: {exc}"))
    if not docs:
        docs.append(_doc(source, "warc", 0, n_bytes).fail("WARC file holds no HTML response records"))
    return docs


def parse(raw: RawInput, settings: IngestSettings) -> list[Document]:
    """One raw input to its Documents; failures are Documents too."""
    return _finish(_parse(raw, settings))


def _parse(raw: RawInput, settings: IngestSettings) -> list[Document]:
    ext, gz = _suffix(raw.source)
    fmt = ext.lstrip(".") or "none"
    if raw.error:
        return [_doc(raw.source, fmt, 0, raw.size).fail(raw.error)]
    if ext not in settings.extensions:
        shown = ext + (".gz" if gz else "") if ext else "(none)"
        return [_doc(raw.source, fmt, 0, raw.size).fail(
            f"unsupported file type {shown}; supported: {', '.join(settings.extensions)} (optionally .gz)")]
    data = raw.data or b""
    if raw.size > settings.max_bytes or len(data) > settings.max_bytes:
        return [_doc(raw.source, fmt, 0, raw.size).fail(
            f"file is {raw.size / 1e6:.1f} MB, over the {settings.max_bytes / 1e6:.0f} MB limit (ingest.max_bytes)")]
    if gz:
        data, err = _gunzip(data, settings.max_bytes)
        if data is None:
            return [_doc(raw.source, fmt, 0, raw.size).fail(err)]
    if not data.strip():
        return [_doc(raw.source, fmt, 0, raw.size).fail("empty file (no text)")]
    if ext == ".warc":
        return _warc_docs(data, raw.source, raw.size)
    text, warning = decode(data)
    if text is None:
        return [_doc(raw.source, fmt, 0, raw.size).fail(warning)]
    if ext == ".jsonl":
        docs = []
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            source = f"{raw.source}#{lineno}"
            try:
                record = json.loads(line)
            except (ValueError, RecursionError) as exc:
                docs.append(_doc(source, "jsonl", lineno, raw.size).fail(f"malformed JSON on line {lineno}: {_json_error(exc)}"))
                continue
            docs.append(_record_doc(record, source, "jsonl", lineno, raw.size))
        if not docs:
            docs.append(_doc(raw.source, "jsonl", 0, raw.size).fail("empty file (no records)"))
        return _warn(docs, warning)
    if ext == ".json":
        try:
            record = json.loads(text)
        except (ValueError, RecursionError) as exc:
            return [_doc(raw.source, "json", 0, raw.size).fail(f"malformed JSON: {_json_error(exc)}")]
        if isinstance(record, list):
            docs = [_record_doc(r, f"{raw.source}#{i}", "json", i, raw.size) for i, r in enumerate(record, start=1)]
            return _warn(docs or [_doc(raw.source, "json", 0, raw.size).fail("JSON list holds no records")], warning)
        return _warn([_record_doc(record, raw.source, "json", 0, raw.size)], warning)
    doc = _doc(raw.source, fmt, 0, raw.size)
    kind = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}.get(ext, "text")
    return _warn([fill_text(doc, text, kind)], warning)


def _json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    return str(exc).split(";")[0]  # e.g. an integer of thousands of digits


def _finish(docs: list[Document]) -> list[Document]:
    """Titles, URLs and metadata on one line without control characters or lone surrogates."""
    for d in docs:
        d.title, d.url = one_line(d.title), one_line(d.url)
        d.meta = {one_line(str(k)): one_line(v) for k, v in d.meta.items()}
    return docs


def _warn(docs: list[Document], warning: str) -> list[Document]:
    if warning:
        for d in docs:
            d.warnings.append(warning)
    return docs
