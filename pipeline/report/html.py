"""The report's HTML: inline CSS and SVG, no script, every value escaped."""
from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from ..io import unsafe_cell

from .charts import chart_inputs, charts
from .view import DOC_DETAIL_LIMIT, ReportView, view_from_tables

STATUS_ORDER = {"quarantined": 0, "kept": 1, "failed": 2}  # documents are shown in this order, then by source
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


def _table(headers: list[str], rows: list[list], num: set[int] = frozenset(), attrs: str = "") -> str:
    head = "".join(f"<th>{E(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td class='num'>{E(str(c))}</td>" if i in num else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table {attrs}><tr>{head}</tr>{body}</table>"


def _frame(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """A table of the output folder as strings, exactly as written ("" stays "")."""
    if not path.exists():
        return pd.DataFrame(columns=columns or [])
    frame = pd.read_csv(path, dtype=object, keep_default_na=False, usecols=columns)
    for name in frame.columns:  # the text as it is, not as a spreadsheet sees it (only "'" cells can differ)
        quoted = frame[name].str.startswith("'")
        if quoted.any():
            frame.loc[quoted, name] = frame.loc[quoted, name].map(unsafe_cell)
    return frame


CONDITIONS_SHOWN = 60  # the conditions with the most relations get a section each


def _relations(path: Path) -> pd.DataFrame:
    """relations.csv's columns the report shows, its text as categories: at 100,000 documents it has
    millions of rows, of a few thousand conditions and a few hundred thousand entities."""
    columns = ["condition", "relation", "entity_id", "name", "n_documents", "conflict"]
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "n_documents" else "category") for c in columns})
    types = {c: "int64" if c == "n_documents" else "category" for c in columns}
    types["conflict"] = pd.CategoricalDtype(["false", "true"])  # the words, not booleans pandas would read
    frame = pd.read_csv(path, usecols=columns, keep_default_na=False, dtype=types)
    for name in ("condition", "name"):  # the text as it is, not as a spreadsheet sees it
        frame[name] = frame[name].cat.rename_categories(unsafe_cell)
    return frame[columns]


def render_report(folder: Path, view: ReportView | None = None) -> str:
    """The report's HTML for the tables in ``folder``; ``view`` carries what the run gathered from the
    sentence and mention tables, else they are streamed from ``folder``."""
    docs = _frame(folder / "documents.csv")
    spin = _frame(folder / "review_spin.csv").to_dict("records")
    pairs = _frame(folder / "review_pairs.csv").head(50).to_dict("records")
    run = json.loads((folder / "run.json").read_text(encoding="utf-8")) if (folder / "run.json").exists() else {}
    spin_cfg = run.get("settings", {}).get("spin", {})
    threshold, band = float(spin_cfg.get("threshold", 0.5)), float(spin_cfg.get("review_band", 0.25))

    status: Counter = Counter(dict(docs["status"].value_counts(sort=False))) if len(docs) else Counter()
    not_kept = docs[docs["status"] != "kept"] if len(docs) else docs
    reasons: Counter = Counter(dict(not_kept["reason"].str.split(":").str[0].value_counts(sort=False))) \
        if len(not_kept) else Counter()
    scores = [float(x) for x in docs.loc[docs["status"] != "failed", "spin_score"]] if len(docs) else []
    # the documents shown in detail: the first DOC_DETAIL_LIMIT in report order
    if len(docs):
        docs = docs.assign(_status=docs["status"].map(STATUS_ORDER).fillna(3))
        order = docs.sort_values(["_status", "source", "doc_id"], kind="stable").head(DOC_DETAIL_LIMIT).to_dict("records")
    else:
        order = []
    n_docs = sum(status.values())
    entities = _frame(folder / "entities.csv", ["type", "n_documents"])
    ent_types: Counter = Counter(dict(entities["type"].value_counts(sort=False))) if len(entities) else Counter()
    relations = _relations(folder / "relations.csv")
    rel_types: Counter = Counter(dict(relations["relation"].value_counts(sort=False))) if len(relations) else Counter()
    # the conditions with the most relations are shown, and only their rows are gathered
    per_condition = relations["condition"].value_counts(sort=False)
    shown = {c for c, _ in sorted(per_condition.items(), key=lambda x: (-x[1], x[0]))[:CONDITIONS_SHOWN]}
    by_cond: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    conflicts: dict[str, dict[str, list]] = defaultdict(dict)
    for r in relations[relations["condition"].isin(shown)].astype(object).itertuples(index=False):
        by_cond[r.condition][r.relation].append((int(r.n_documents), r.name, r.entity_id))
        if r.conflict == "true":
            side = conflicts[r.condition].setdefault(r.entity_id, [r.name, r.relation.split("_")[-1], 0, 0])
            side[3 if r.relation.startswith("contraindicated") else 2] = int(r.n_documents)
    n_ents, n_rels = sum(ent_types.values()), sum(rel_types.values())
    if view is None:
        view, by_doc = view_from_tables(folder, {d["doc_id"] for d in order})
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
    svgs = charts(*chart_inputs(removed, entities.to_dict("records"), scores, threshold, band))
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
    for cond in sorted(by_cond, key=lambda c: (-sum(len(v) for v in by_cond[c].values()), c)):
        groups = by_cond[cond]
        parts = []
        for rel in ("cause", "symptom", "treatment", "exercise"):
            items = sorted(groups.get(rel, []), key=lambda x: (-x[0], x[1]))
            if items:
                parts.append(f"<h3>{rel}s</h3><ol>" + "".join(
                    f"<li>{E(n)} <code>{E(e)}</code> <span class='muted'>({k} source{'s' if k != 1 else ''})</span></li>"
                    for k, n, e in items[:25]) + "</ol>")
        contra = sorted(groups.get("contraindicated_treatment", []) + groups.get("contraindicated_exercise", []),
                        key=lambda x: (-x[0], x[1]))
        if contra:
            parts.append("<h3 class='contra'>advised against</h3><ul class='contra'>" + "".join(
                f"<li>{E(n)} <code>{E(e)}</code> <span class='muted'>({k} source{'s' if k != 1 else ''})</span></li>"
                for k, n, e in contra) + "</ul>")
        if conflicts.get(cond):
            parts.append("<h3 class='contra'>Conflicts: sources disagree</h3>" + _table(
                ["item", "entity", "type", "advised by", "advised against by"],
                [[E(n), f"<code>{E(e)}</code>", E(t), a, b] for e, (n, t, a, b) in sorted(
                    conflicts[cond].items(), key=lambda x: (-(x[1][2] + x[1][3]), x[1][0]))], {3, 4}))
        out.append(f"<details open><summary>{E(cond)}</summary>{''.join(parts)}</details>")
    out.append("</section>")

    # ---- review queue
    out.append("<section id='review'><h2>Review queue</h2><h3>Entities kept apart or merged with the least "
               "confidence</h3>")
    out.append("<p class='muted'>Answer in review_pairs.csv's accept column (yes: merge the pair, no: keep it "
               "apart); the next run reads it back.</p>")
    out.append(_table(["type", "entity", "id", "similar entity", "id", "score", "decision", "accept"],
                      [[E(p["type"]), E(p["name_a"]), f"<code>{E(p['entity_a'])}</code>", E(p["name_b"]),
                        f"<code>{E(p['entity_b'])}</code>", E(p["score"]), E(p["decision"]), E(p.get("accept", ""))]
                       for p in pairs], {5}))
    applied = run.get("overrides_applied", [])
    problems = [w for w in run.get("warnings", []) if w.startswith("overrides")]
    out.append("<h3>Overrides applied</h3>" + (_table(
        ["row", "action", "id", "target", "value"],
        [[a.get("row", ""), E(a["action"]), f"<code>{E(a['entity_id'])}</code>", E(a.get("target", "")),
          E(a.get("value", ""))] for a in applied], {0}) if applied else "<p class='muted'>none</p>")
        + "".join(f"<p class='contra'>{E(w)}</p>" for w in problems))
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
