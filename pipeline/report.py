"""The analyst's report: ``curated/report.html`` from the tables, self-contained and deterministic.

Inline CSS, inline SVG plots (pygal, fixed element ids, no script) and no scripts fetched from
anywhere: open the file in any browser. ``python -m pipeline report`` rebuilds it from ``curated/``
without rerunning the stages.
"""
from __future__ import annotations

import heapq
import html
import json
from collections import Counter, defaultdict
from itertools import islice
from pathlib import Path


DOC_DETAIL_LIMIT = 300  # per-document sections shown (quarantined and review-band documents first)
E = html.escape

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1f3b57;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}
main{padding:8px 28px 40px;max-width:1200px}
section{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:12px 18px;margin:16px 0}
h2{font-size:18px;margin:4px 0 10px}h3{font-size:15px;margin:12px 0 6px}
table{border-collapse:collapse;margin:6px 0}td,th{border-bottom:1px solid #e6e9ee;padding:3px 10px;text-align:left;vertical-align:top}
th{background:#f0f3f6}.num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#f0f3f6;border-radius:8px;padding:8px 16px;min-width:120px}
.card b{display:block;font-size:22px}
.s-boilerplate{color:#8a94a3;text-decoration:line-through}.s-spun{background:#fde2e1;color:#8b1d18}
.s-heading{font-weight:600}.doc p{margin:3px 0}.reason{font-size:11px;color:#8a94a3}
.ev{background:#fff6d6;padding:6px 10px;border-radius:6px;font-size:13px}
.contra{color:#8b1d18}.plots{display:flex;flex-wrap:wrap;gap:12px}.plots figure{margin:0}
details summary{cursor:pointer;font-weight:600}.muted{color:#6b7480}
"""


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    return list(_rows(folder / name))


def _rows(path: Path):
    import csv

    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _view_from_tables(folder: Path, shown_ids: set[str]):
    """The report's view of the sentence and mention tables, streamed from the files (``report`` command)."""
    from .write import ReportView

    view = ReportView()
    shown: dict[str, list[dict]] = defaultdict(list)
    for s in _rows(folder / "sentences.csv"):
        view.n_sentences += 1
        if s["label"] != "content":
            view.removed[s["reason"].split(":")[0]] += 1
        if s["doc_id"] in shown_ids:
            shown[s["doc_id"]].append(s)
    for m in _rows(folder / "mentions.csv"):
        view.mention(m["concept"], m["type"], m["norm"])
    return view, shown


def _config(title: str, height: int, colors: tuple[str, ...], **options) -> dict:
    """pygal options shared by the charts: a light style, no script (pygal links a tooltip script by
    default; the report fetches nothing), fixed size, inline SVG without an XML declaration."""
    from pygal.style import Style

    style = Style(background="white", plot_background="white", foreground="#1d2330", foreground_strong="#1d2330",
                  foreground_subtle="#6b7480", guide_stroke_color="#dde2e8", major_guide_stroke_color="#c5ccd6",
                  guide_stroke_dasharray="none", major_guide_stroke_dasharray="none", opacity="1", stroke_opacity="1",
                  font_family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif", colors=colors,
                  title_font_size=13, label_font_size=11, major_label_font_size=11, legend_font_size=11)
    return {"title": title, "width": 520, "height": height, "style": style, "js": [], "explicit_size": True,
            "disable_xml_declaration": True, "show_legend": False, "margin": 6, **options}


def _svg(chart, chart_id: str) -> str:
    """The chart's SVG, the same bytes on any day: its element ids (random per chart in pygal) fixed,
    without the inline script pygal always writes (its tooltip configuration: nothing runs it here), and
    without pygal's "Generated with ... on <today's date>" comment (its links to pygal stay)."""
    import re

    chart.uuid = chart_id
    svg = re.sub(r"<script\b[^>]*>.*?</script>", "", chart.render(is_unicode=True), flags=re.S)
    return re.sub(r"<!--Generated with [^>]*?-->", "", svg)


def _bar(counts: dict[str, int], title: str, color: str = "#3b6e98") -> str:
    import pygal

    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    chart = pygal.HorizontalBar(**_config(title, 26 * max(3, len(items)) + 80, (color,), show_y_guides=False))
    chart.x_labels = [k for k, _ in items][::-1]  # pygal draws the first label at the bottom: largest on top
    chart.add("", [v for _, v in items][::-1])
    return _svg(chart, "bar-" + "-".join(title.split()[:2]))


def _hist(scores: list[float], threshold: float, band: float) -> str:
    """Spin scores in 20 bins of 0.05 as a filled step line, with the threshold and review band as lines."""
    import pygal

    bins = [0] * 20
    for s in scores:
        bins[min(19, max(0, int(s * 20)))] += 1
    top = max([*bins, 1])
    step = max(1, -(-top // 5))
    chart = pygal.XY(**_config("spin score of kept and quarantined documents", 270, ("#3b6e98", "#b3261e", "#d49a00"),
                               show_legend=True, legend_at_bottom=True, legend_at_bottom_columns=3, show_dots=False,
                               xrange=(0, 1), range=(0, top), x_labels=[i / 10 for i in range(11)],
                               y_labels=list(range(0, top + step, step)), show_x_guides=False))
    steps = [pt for i, n in enumerate(bins) for pt in ((i / 20, n), ((i + 1) / 20, n))]
    chart.add("documents", [(0, 0), *steps, (1, 0)], fill=True)
    chart.add(f"threshold {threshold:g}", [(threshold, 0), (threshold, top)], stroke_style={"width": 2, "dasharray": "6,3"})
    chart.add(f"review band {band:g}", [(band, 0), (band, top)], stroke_style={"width": 2, "dasharray": "2,3"})
    return _svg(chart, "spin-scores")


def _table(headers: list[str], rows: list[list], num: set[int] = frozenset(), attrs: str = "") -> str:
    head = "".join(f"<th>{E(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td class='num'>{E(str(c))}</td>" if i in num else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table {attrs}><tr>{head}</tr>{body}</table>"


def chart_inputs(removed: dict, entities: list[dict], scores: list[float], threshold: float, band: float) -> tuple:
    """What the three charts plot: removal reasons, entities per type and sources, spin scores."""
    n_src: Counter = Counter()
    for e in entities:
        n = int(e["n_documents"] or 0)
        n_src[f"{e['type']} · {'1 source' if n == 1 else '2-3 sources' if n <= 3 else '4+ sources'}"] += 1
    return dict(removed), dict(n_src), list(scores), float(threshold), float(band)


def charts(removed: dict, n_src: dict, scores: list[float], threshold: float, band: float) -> list[str]:
    """The report's charts as SVG (pure: a run draws them in an idle worker while it writes the tables)."""
    return [_bar(removed, "sentences removed per reason"),
            _bar(n_src, "entities per type and number of sources", "#5a8f5a"),
            _hist(scores, threshold, band)]


def render_report(folder: Path, view=None, svgs: list[str] | None = None) -> str:
    """The report's HTML for the curated tables in ``folder``; ``view`` (a ``write.ReportView``) carries what
    the run gathered from the sentence and mention tables, else they are read back from ``folder``;
    ``svgs`` are the charts when the run drew them already (``charts``)."""
    # every table is read as a stream into counts and what is shown: a report never holds a whole table
    spin = _read(folder, "review_spin.csv")
    pairs = list(islice(_rows(folder / "review_pairs.csv"), 50))
    run = json.loads((folder / "run.json").read_text(encoding="utf-8")) if (folder / "run.json").exists() else {}
    spin_cfg = run.get("settings", {}).get("spin", {})
    threshold, band = float(spin_cfg.get("threshold", 0.5)), float(spin_cfg.get("review_band", 0.25))

    from .write import STATUS_ORDER

    status: Counter = Counter()
    reasons: Counter = Counter()
    scores: list[float] = []

    def counted(rows):
        for d in rows:
            status[d["status"]] += 1
            if d["status"] != "kept":
                reasons[d["reason"].split(":")[0]] += 1
            if svgs is None and d["status"] != "failed":
                scores.append(float(d["spin_score"]))
            yield d

    # the documents shown in detail: the first DOC_DETAIL_LIMIT in report order
    order = heapq.nsmallest(DOC_DETAIL_LIMIT, counted(_rows(folder / "documents.csv")),
                            key=lambda d: (STATUS_ORDER.get(d["status"], 3), d["source"], d["doc_id"]))
    n_docs = sum(status.values())
    ent_types: Counter = Counter(e["type"] for e in _rows(folder / "entities.csv"))
    rel_types: Counter = Counter()
    by_cond: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in _rows(folder / "relations.csv"):
        rel_types[r["relation"]] += 1
        by_cond[r["condition"]][r["relation"]].append((int(r["n_documents"]), r["name"], r["entity_id"]))
    n_ents, n_rels = sum(ent_types.values()), sum(rel_types.values())
    if view is None:
        view, by_doc = _view_from_tables(folder, {d["doc_id"] for d in order[:DOC_DETAIL_LIMIT]})
    else:
        by_doc = view.by_doc(folder / "sentences.csv")
    removed, n_sentences, unknown, n_mentions = view.removed, view.n_sentences, view.unknown, view.n_mentions
    out = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Curation report</title>"
           f"<style>{CSS}</style></head><body><header><h1>Curation report</h1>"
           f"<div>{n_docs} documents · {n_sentences} sentences · {n_mentions} mentions · {n_ents} entities</div>"
           f"</header><main>"]

    # ---- summary
    cards = "".join(f"<div class='card'><span>{k}</span><b id='n-{k}'>{status.get(k, 0)}</b></div>"
                    for k in ("kept", "quarantined", "failed"))
    cards += f"<div class='card'><span>entities</span><b id='n-entities'>{n_ents}</b></div>"
    cards += f"<div class='card'><span>relations</span><b id='n-relations'>{n_rels}</b></div>"
    cards += f"<div class='card'><span>sentences removed</span><b id='n-removed'>{sum(removed.values())}</b></div>"
    out.append(f"<section id='summary'><h2>Run summary</h2><div class='cards'>{cards}</div>")
    out.append("<h3>Documents not kept, by reason</h3>" + _table(
        ["reason", "documents"], [[E(k), v] for k, v in sorted(reasons.items())], {1}, "id='t-notkept'"))
    if svgs is None:
        svgs = charts(*chart_inputs(removed, _rows(folder / "entities.csv"), scores, threshold, band))
    out.append("<div class='plots'>" + "".join(f"<figure>{svg}</figure>" for svg in svgs) + "</div>")
    out.append("<h3>Sentences removed, by reason</h3>" + _table(
        ["reason", "sentences"], [[E(k), v] for k, v in sorted(removed.items())], {1}, "id='t-removed'"))
    out.append("<h3>Entities by type</h3>" + _table(
        ["type", "entities"], [[E(t), ent_types.get(t, 0)] for t in ("cause", "symptom", "treatment", "exercise")],
        {1}, "id='t-entities'"))
    out.append("<h3>Relations by type</h3>" + _table(
        ["relation", "relations"], [[E(r), v] for r, v in sorted(rel_types.items())], {1}, "id='t-relations'")
        + "</section>")

    # ---- conditions
    out.append("<section id='conditions'><h2>Conditions</h2><p class='muted'>Causes, symptoms, treatments and "
               "exercises ranked by the number of sources; contraindicated items are set apart and never listed "
               "as advice.</p>")
    for cond in sorted(by_cond, key=lambda c: (-sum(len(v) for v in by_cond[c].values()), c))[:60]:
        groups = by_cond[cond]
        parts = []
        for rel in ("cause", "symptom", "treatment", "exercise"):
            items = sorted(groups.get(rel, []), key=lambda x: (-x[0], x[1]))
            if items:
                parts.append(f"<h3>{rel}s</h3><ol>" + "".join(
                    f"<li>{E(n)} <span class='muted'>({k} source{'s' if k != 1 else ''})</span></li>"
                    for k, n, _ in items[:25]) + "</ol>")
        contra = sorted(groups.get("contraindicated_treatment", []) + groups.get("contraindicated_exercise", []),
                        key=lambda x: (-x[0], x[1]))
        if contra:
            parts.append("<h3 class='contra'>advised against</h3><ul class='contra'>" + "".join(
                f"<li>{E(n)} <span class='muted'>({k} source{'s' if k != 1 else ''})</span></li>" for k, n, _ in contra)
                + "</ul>")
        out.append(f"<details open><summary>{E(cond)}</summary>{''.join(parts)}</details>")
    out.append("</section>")

    # ---- review queue
    out.append("<section id='review'><h2>Review queue</h2><h3>Entities kept apart or merged with the least "
               "confidence</h3>")
    out.append(_table(["type", "entity", "similar entity", "score", "decision"],
                      [[E(p["type"]), E(p["name_a"]), E(p["name_b"]), E(p["score"]), E(p["decision"])]
                       for p in pairs], {3}))
    out.append("<h3>Mentions with no lexicon concept, by frequency (what the lexicon lacks)</h3>")
    out.append(_table(["type", "mention", "mentions"], [[E(t), E(n), c] for (t, n), c in
                                                         sorted(unknown.items(), key=lambda x: (-x[1], x[0]))[:50]], {2}))
    out.append("<h3>Documents in the spin review band or quarantined as spun</h3>")
    out.append(_table(["document", "score", "status", "evidence"],
                      [[E(r["source"]), E(r["score"]), E(r["status"]), E(r["evidence"])] for r in spin],
                      {1}, "id='t-spin'") + "</section>")

    # ---- documents
    out.append("<section id='documents'><h2>Documents</h2><p class='muted'>Removed sentences are struck through, "
               "with their reason on hover; spun text is highlighted.</p>")
    for d in order:
        head = f"{E(d['source'])} — {E(d['status'])}" + (f": {E(d['reason'][:160])}" if d["reason"] else "")
        body = []
        if d["status"] != "failed" and float(d["spin_score"] or 0) >= band:
            body.append(f"<div class='ev'>spin score {E(d['spin_score'])}: {E(d['reason'] or '')}</div>")
        for s in by_doc.get(d["doc_id"], []):
            cls = f"s-{s['label']}" + (" s-heading" if s["kind"] == "heading" else "")
            if d["status"] == "quarantined" and d["reason"].startswith("spun") and s["label"] == "content":
                cls = "s-spun"
            tip = f" title='{E(s['reason'])}'" if s["reason"] else ""
            extra = f" <span class='reason'>[{E(s['reason'])}]</span>" if s["reason"] else ""
            body.append(f"<p class='{cls}'{tip}>{E(s['text'])}{extra}</p>")
        meta = f"<div class='muted'>condition: {E(d['condition'])} · {E(d['n_content'])} content / {E(d['n_sentences'])} sentences</div>"
        out.append(f"<details class='doc' id='doc-{E(d['doc_id'])}'><summary>{head}</summary>{meta}{''.join(body)}</details>")
    if n_docs > len(order):
        out.append(f"<p class='muted'>{n_docs - len(order)} more documents are in documents.csv.</p>")
    out.append("</section></main></body></html>\n")
    return "".join(out)


def write_report(out: Path) -> None:
    """Rebuild ``out/report.html`` from the tables already in ``out``."""
    if not (out / "documents.csv").exists():
        raise FileNotFoundError(f"{out} has no documents.csv: run 'python -m pipeline curate' first")
    target = out / "report.html"
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(render_report(out), encoding="utf-8")
    tmp.replace(target)
