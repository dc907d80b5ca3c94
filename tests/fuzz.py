"""A seeded generator of hostile raw inputs over every format the pipeline reads.

``make_corpus(folder, n, seed)`` writes ``n`` files mixing real article text with what scrapers and
attackers bring back: control characters, lone CRs and surrogates, deep or huge JSON, broken markup,
truncated gzip and WARC, odd encodings, formula cells, long sentences. The suite runs a few hundred
(``tests/test_robustness.py``); ``make bench-fuzz`` runs thousands and counts crashed runs.
"""
from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path

_WORDS = ("back pain stiffness rest ice heat stretch posture sciatica nerve muscle spasm doctor surgery "
          "exercise walking yoga swelling numbness injury lifting sitting sleep mattress weight").split()
_NASTY = ["\x00", "\r", "\r\n", "\x0b", "\x1b[31m", "\u2028", "\ufeff", "\ud800", "\udfff", "=cmd|' /C calc'!A0",
          "+1+1", "-2+3", "@SUM(A1)", "\t=1", "<script>alert(1)</script>", "&#0;", "&#xD800;", "\u202e", "é", "日本"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(3, 18))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(_NASTY))
    return " ".join(words).capitalize() + rng.choice([".", "!", "?", "", ":"])


def _text(rng: random.Random, n: int | None = None) -> str:
    lines = []
    for _ in range(n if n is not None else rng.randint(0, 30)):
        kind = rng.random()
        if kind < 0.15:
            lines.append("#" * rng.randint(1, 6) + " " + _sentence(rng))
        elif kind < 0.3:
            lines.append(rng.choice(["- ", "* ", "1. "]) + _sentence(rng))
        else:
            lines.append(" ".join(_sentence(rng) for _ in range(rng.randint(1, 5))))
    return rng.choice(["\n", "\n\n", "\r\n", "\r"]).join(lines)


def _html(rng: random.Random) -> str:
    body = "".join(rng.choice(["<p>{}</p>", "<h2>{}</h2>", "<li>{}</li>", "<div><span>{}", "<td>{}</td>",
                               "<nav>{}</nav>", "<table><tr><td>{}"]).format(_sentence(rng))
                   for _ in range(rng.randint(0, 40)))
    title = _sentence(rng) if rng.random() < 0.8 else rng.choice(_NASTY)
    head = rng.choice(["", '<meta charset="utf-8">', '<meta charset="shift_jis">', '<meta charset="nonsense">',
                       '<?xml version="1.0" encoding="iso-8859-1"?>'])
    page = f"<html><head>{head}<title>{title}</title></head><body>{body}"
    return page + ("</body></html>" if rng.random() < 0.7 else "")


def _record(rng: random.Random) -> object:
    roll = rng.random()
    if roll < 0.1:
        return rng.choice([None, 1, "text", [], {"title": 5}, {"html": None}])
    rec: dict = {"url": rng.choice(["https://example.com/a", "=1+1", "x\ry", "", "javascript:alert(1)"]),
                 "title": _sentence(rng)}
    key = rng.choice(["html", "markdown", "text", "content"])
    rec[key] = _html(rng) if key == "html" else _text(rng)
    if rng.random() < 0.1:
        rec["metadata"] = {"title": rng.choice(_NASTY), "description": _sentence(rng)}
    return rec


def _json_bytes(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.08:
        depth = rng.choice([50, 1200, 5000])
        return ("[" * depth + "]" * depth).encode()
    if roll < 0.14:
        return ('{"title": "x", "text": "back pain", "n": ' + "9" * rng.choice([10, 5000]) + "}").encode()
    if roll < 0.2:
        return json.dumps(_record(rng))[: rng.randint(0, 50)].encode("utf-8", "surrogatepass")
    data = [_record(rng) for _ in range(rng.randint(1, 3))] if rng.random() < 0.3 else _record(rng)
    return json.dumps(data, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def _warc(rng: random.Random) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=rng.random() < 0.5)
    for i in range(rng.randint(0, 3)):
        payload = _html(rng).encode("utf-8", "surrogatepass")
        headers = StatusAndHeaders("200 OK", [("Content-Type", rng.choice(["text/html", "image/png"]))],
                                   protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(f"https://example.com/{i}", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))
    data = buf.getvalue()
    return data[: rng.randint(0, len(data))] if rng.random() < 0.2 else data


def _encode(rng: random.Random, text: str) -> bytes:
    enc = rng.choice(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "shift_jis"])
    return text.encode(enc, errors="replace") if "utf-8" not in enc else text.encode(enc, "surrogatepass")


def make_file(rng: random.Random) -> tuple[str, bytes]:
    """One (suffix, bytes) hostile input."""
    kind = rng.choice(["txt", "md", "html", "json", "jsonl", "warc", "gz", "binary", "long"])
    if kind == "txt":
        return ".txt", _encode(rng, _text(rng))
    if kind == "md":
        return ".md", _encode(rng, _text(rng))
    if kind == "html":
        return ".html", _encode(rng, _html(rng))
    if kind == "json":
        return ".json", _json_bytes(rng)
    if kind == "jsonl":
        return ".jsonl", b"\n".join(_json_bytes(rng) for _ in range(rng.randint(0, 4)))
    if kind == "warc":
        return ".warc", _warc(rng)
    if kind == "gz":
        data = gzip.compress(_html(rng).encode("utf-8", "surrogatepass"))
        return ".html.gz", data[: rng.randint(0, len(data))] if rng.random() < 0.3 else data
    if kind == "binary":
        return rng.choice([".txt", ".html", ".pdf", ""]), bytes(rng.randrange(256) for _ in range(rng.randint(0, 600)))
    sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.choice([30_000, 45_000])))
    return ".txt", ("Back pain\n\n" + sentence + ".\n").encode()


def make_corpus(folder: Path, n: int, seed: int) -> list[str]:
    """Write ``n`` hostile files into ``folder``; their names (some odd themselves)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        suffix, data = make_file(rng)
        stem = rng.choice(["doc", "=formula", "with space", "cr\rname", "tab\tname", "ünï", "-minus", "@at"])
        name = f"{i:05d}-{stem}{suffix}"
        (folder / name).write_bytes(data)
        names.append(name)
    if rng.random() < 2:  # one non-UTF-8 file name per corpus
        bad = folder / (f"{n:05d}-bad".encode() + b"\xff\xfe.txt").decode("utf-8", "surrogateescape")
        bad.write_bytes(b"Back pain hurts.\n")
        names.append(bad.name)
    return names
