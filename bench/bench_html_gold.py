"""HTML keeps its structure: each annotated article of a gold folder (../shared/gold/dev by default) is
rendered from its Markdown into an HTML page inside a site template (navigation, cookie banner, related
links, footer), and the pipeline's scorecard on the pages is compared with its scorecard on the Markdown
originals. The target: entity F1 within 0.03, the same condition accuracy.

python -m bench.bench_html_gold --shared ../shared [--gold ../shared/gold/dev] [--json FILE]
"""
from __future__ import annotations

import argparse
import html
import importlib.util
import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path

from markdown_it_pyrs import MarkdownIt

from pipeline.config import load_settings
from pipeline.run import run

TYPES = ("cause", "symptom", "treatment", "exercise")

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Wellness Daily</title>
<meta name="description" content="Health news and guides."></head>
<body>
<div class="cookie-banner" id="cookies"><p>We use cookies to improve your experience and to show you
personalised ads. By clicking "Accept all" you agree to our use of cookies.</p>
<button>Accept all</button> <button>Manage preferences</button></div>
<header class="site-header"><a class="logo" href="/">Wellness Daily</a>
<nav><ul><li><a href="/conditions">Conditions</a></li><li><a href="/nutrition">Nutrition</a></li>
<li><a href="/fitness">Fitness</a></li><li><a href="/mental-health">Mental Health</a></li>
<li><a href="/newsletter">Newsletter</a></li><li><a href="/login">Sign in</a></li></ul></nav></header>
<main><article class="post">
{body}
</article>
<aside class="related"><h3>Related articles</h3><ul>
<li><a href="/a/1">10 Surprising Benefits of Drinking Water</a></li>
<li><a href="/a/2">What Your Sleep Position Says About You</a></li>
<li><a href="/a/3">The Best Shoes for Flat Feet, Reviewed</a></li></ul>
<p>Sign up for our newsletter to get the latest health tips delivered to your inbox.</p></aside></main>
<footer><p>&copy; 2026 Wellness Daily. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy Policy</a></li><li><a href="/terms">Terms of Use</a></li>
<li><a href="/contact">Contact us</a></li></ul>
<p>This content is for informational purposes only and is not a substitute for professional medical advice.</p>
</footer></body></html>
"""


def markdown_of(path: Path) -> str:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))["markdown"]
    return path.read_text(encoding="utf-8")


def page(markdown: str, plain: bool = False) -> str:
    """The article's Markdown (or plain text, a paragraph a line) as an HTML page in the site template."""
    if plain:
        lines = [ln.strip() for ln in markdown.splitlines() if ln.strip()]
        title = html.escape(lines[0] if lines else "Article")
        body = f"<h1>{title}</h1>\n" + "\n".join(f"<p>{html.escape(ln)}</p>" for ln in lines[1:])
        return TEMPLATE.format(title=title, body=body)
    m = re.search(r"^#\s+(.+)$", markdown, re.MULTILINE)
    title = html.escape(m.group(1).strip() if m else "Article")
    return TEMPLATE.format(title=title, body=MarkdownIt("commonmark").enable("table").render(markdown))


def scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("gold_score", shared / "tools/score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compare(shared: Path, gold_dir: Path, workers: int = 0) -> dict:
    """{"markdown": report, "html": report} of the scorer on both renderings of the gold folder's articles."""
    score = scorer(shared)
    data = shared / "data"
    settings = load_settings()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for form in ("markdown", "html"):
            raw, gold = tmp / form / "raw", tmp / form / "gold"
            raw.mkdir(parents=True)
            gold.mkdir(parents=True)
            for g in sorted(gold_dir.glob("*.json")):
                ann = json.loads(g.read_text(encoding="utf-8"))
                src = next(p for p in (data / "docus" / ann["doc"], data / "healthline" / ann["doc"],
                                        shared / "seeds" / ann["doc"]) if p.is_file())
                if form == "markdown":
                    (raw / src.name).write_bytes(src.read_bytes())
                else:
                    name = src.name.rsplit(".", 1)[0] + ".html"
                    (raw / name).write_text(page(markdown_of(src), plain=src.suffix == ".txt"), encoding="utf-8")
                    ann = {**ann, "doc": name}
                (gold / g.name).write_text(json.dumps(ann), encoding="utf-8")
            run(replace(settings, raw=raw, out=tmp / form / "out", quiet=True, cache_dir="", workers=workers))
            out[form] = score.score(gold, tmp / form / "out", per_doc=False)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--json", type=Path, help="also write both reports here")
    args = ap.parse_args()
    gold = args.gold or args.shared / "gold/dev"
    reports = compare(args.shared, gold)
    print(f"{gold}: the pipeline on the Markdown originals and on HTML pages made from them")
    print(f"{'':12}{'markdown':>10}{'html':>10}{'diff':>8}")
    rows = [("entity F1", lambda r: r["entity"]["all"]["f1"])]
    rows += [(f"  {t}", lambda r, t=t: r["entity"][t]["f1"]) for t in TYPES]
    rows += [("clean F1", lambda r: r["clean"]["f1"]), ("condition", lambda r: r["condition"]["accuracy"]),
             ("dedupe F1", lambda r: r["dedupe"]["f1"])]
    for name, get in rows:
        a, b = get(reports["markdown"]), get(reports["html"])
        print(f"{name:12}{a:10.3f}{b:10.3f}{b - a:+8.3f}")
    for key in ("unsafe", "over_flagged"):
        print(f"{key:12}{reports['markdown']['flags'][key]:10d}{reports['html']['flags'][key]:10d}")
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
