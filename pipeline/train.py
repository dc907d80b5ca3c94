"""``python -m pipeline train``: build the mention tagger from annotated articles (``../shared/gold``).

Each annotated article is run through the pipeline's own stages up to extraction, so the model learns
from the sentences, tokens and rule candidates it will see at run time. A gold mention (a surface string
listed once per article, ``../shared/ANNOTATION.md``) labels every place its words stand in a content
sentence, longest surfaces first. The model is a multinomial logistic regression (scikit-learn, the
``train`` extra; the pipeline itself needs only numpy to use it) over the tagger's hashed features, with
fixed settings, so the same gold always gives the same model. Its file holds the key hashes, the weights
per tag, the bias and the decision threshold; a manifest beside it records what it was made from and how
it scored.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import Settings, load_settings
from .records import RawInput
from .stages.tagger import TAGS, hash_key

TYPES = ("cause", "symptom", "treatment", "exercise")


@dataclass
class Example:
    """One annotated article as the tagger sees it: its feature keys and gold tag per token."""

    name: str
    keys: list[list[str]]
    tags: list[int]


def gold_articles(gold_dirs: list[Path], data: Path) -> list[tuple[dict, Path]]:
    """(gold annotation, raw file) of every article in ``gold_dirs``; raw files are looked for in the data
    folder's ``docus`` and ``healthline`` and in the seeds folder beside it."""
    out = []
    for folder in gold_dirs:
        for path in sorted(folder.glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(gold, dict) or "doc" not in gold:
                continue
            for where in (data / "docus", data / "healthline", data.parent / "seeds"):
                if (where / gold["doc"]).is_file():
                    out.append((gold, where / gold["doc"]))
                    break
            else:
                raise SystemExit(f"train: no raw file for {gold['doc']} under {data}")
    return out


def _surface_pattern(surface: str) -> re.Pattern:
    words = [re.escape(w) for w in surface.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def examples(articles: list[tuple[dict, Path]], settings: Settings) -> list[Example]:
    """The articles run through the stages up to extraction, their tokens labelled with the gold mentions."""
    from .passes import documents
    from .stages.condition import find_condition
    from .stages.extract import analyse, extractor, lexical

    ex = extractor()
    lx = lexical(settings.spin.wordnet_path)
    raws = [RawInput(raw.name, data=raw.read_bytes(), size=raw.stat().st_size) for _, raw in articles]
    docs = documents(raws, settings, "despin")
    out = []
    for (gold, _), doc in zip(articles, docs):
        if not doc.ok or gold.get("spun_document"):
            continue
        doc.condition, doc.condition_from = find_condition(doc)
        views, ctx = analyse(doc, ex, settings.extract)
        mentions = {}
        for m in gold.get("mentions", []):
            mentions.setdefault(m["surface"].strip(), m["type"])
        patterns = sorted(((s, t, _surface_pattern(s)) for s, t in mentions.items() if s), key=lambda x: -len(x[0]))
        tags = []
        for view in views:
            tags.extend(_label(view, patterns))
        out.append(Example(gold["doc"], ctx.token_keys(lx), tags))
    return out


def _label(view, patterns) -> list[int]:
    """A sentence's gold tags: each place a gold surface stands, longest first, without overlaps."""
    tdoc, text = view.tokens, view.sentence.text
    n = len(tdoc)
    tags = [0] * n
    starts = [tdoc.chars(k, k + 1) for k in range(n)]
    for _, typ, pattern in patterns:
        for m in pattern.finditer(text):
            inside = [k for k, (a, b) in enumerate(starts) if a < m.end() and b > m.start()]
            if not inside or any(tags[k] for k in inside):
                continue
            for j, k in enumerate(inside):
                tags[k] = TAGS.index(f"{'B' if j == 0 else 'I'}-{typ}")
    return tags


def aliases(articles: list[tuple[dict, Path]]) -> dict[tuple[str, str], str]:
    """(type, normalized key) -> concept for every annotated surface the lexicon does not already link: the
    annotators' canonical name, or the lexicon's concept when that name is a lexicon surface of the type.
    A surface given two canonical names is left out."""
    from .stages.dedupe import normalize_key
    from .stages.extract import surface_concepts

    lexicon = surface_concepts()
    seen: dict[tuple[str, str], set[str]] = {}
    for gold, _ in articles:
        if gold.get("spun_document"):
            continue
        for m in gold.get("mentions", []):
            key = (m["type"], normalize_key(m["surface"]))
            if key[1] and key not in lexicon:
                canonical = m["canonical"].strip()
                seen.setdefault(key, set()).add(lexicon.get((m["type"], normalize_key(canonical)), canonical))
    return {k: next(iter(v)) for k, v in sorted(seen.items()) if len(v) == 1}


def design(items: list[Example]) -> tuple:
    """The examples as a sparse matrix over the feature hashes they hold, their tags, and the hashes."""
    from scipy.sparse import csr_matrix

    columns: dict[int, int] = {}
    indptr, indices, y = [0], [], []
    for item in items:
        for keys, tag in zip(item.keys, item.tags):
            for h in {hash_key(k) for k in keys}:
                indices.append(columns.setdefault(h, len(columns)))
            indptr.append(len(indices))
            y.append(tag)
    X = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(y), len(columns)))
    hashes = np.zeros(len(columns), dtype=np.uint32)
    for h, c in columns.items():
        hashes[c] = h
    return X, np.asarray(y), hashes


def fit(items: list[Example], c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(hashes, weights per tag, bias) of a logistic regression over the examples' tokens."""
    from sklearn.linear_model import LogisticRegression

    from threadpoolctl import threadpool_limits

    X, y, hashes = design(items)
    model = LogisticRegression(C=c, max_iter=3000, tol=1e-4, random_state=0)
    # one BLAS thread: sums in another order round otherwise, and the fit must be the same on every machine
    # and whatever thread settings the environment carries (make train reproduces the packaged model)
    with threadpool_limits(limits=1):
        model.fit(X, y)
    weights = np.zeros((len(hashes), len(TAGS)), dtype=np.float32)
    bias = np.zeros(len(TAGS), dtype=np.float32)
    for row, tag in enumerate(model.classes_):  # a tag no token carried keeps zero weight and a low bias
        weights[:, tag] = model.coef_[row]
        bias[tag] = model.intercept_[row]
    bias[[t for t in range(len(TAGS)) if t not in set(model.classes_)]] = -20.0
    keep = np.abs(weights).max(axis=1) >= 1e-4
    return hashes[keep], weights[keep], bias


def save(path: Path, hashes: np.ndarray, weights: np.ndarray, bias: np.ndarray, threshold: float,
         links: dict[tuple[str, str], str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    keys = sorted(links)
    np.savez_compressed(tmp, hashes=hashes, weights=weights.astype(np.float16), bias=bias,
                        threshold=np.float32(threshold), tags=np.asarray(TAGS),
                        alias_type=np.asarray([t for t, _ in keys], dtype=str),
                        alias_key=np.asarray([k for _, k in keys], dtype=str),
                        alias_concept=np.asarray([links[k] for k in keys], dtype=str))
    tmp.replace(path)


def score(model: Path, articles: list[tuple[dict, Path]], scorer: Path, settings: Settings,
          threshold: float = 0.0, method: str = "hybrid") -> dict:
    """The scorer's report for a model on some annotated articles (run through the whole pipeline)."""
    import importlib.util
    from dataclasses import replace

    from .run import run

    spec = importlib.util.spec_from_file_location("gold_score", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as tmp:
        raw, gold, out = Path(tmp, "raw"), Path(tmp, "gold"), Path(tmp, "out")
        raw.mkdir()
        gold.mkdir()
        for g, path in articles:
            (raw / path.name).write_bytes(path.read_bytes())
            (gold / (path.name + ".json")).write_text(json.dumps(g), encoding="utf-8")
        extract = replace(settings.extract, model=str(model), threshold=threshold, method=method)
        run(replace(settings, raw=raw, out=out, quiet=True, cache_dir="", workers=1, extract=extract))
        return module.score(gold, out, per_doc=False)


def counts(report: dict) -> dict[str, list[float]]:
    """(true positives, system, gold) per type from a scorer report, to add folds up."""
    out = {}
    for t in (*TYPES, "all"):
        e = report["entity"][t]
        out[t] = [e["precision"] * e["system"], e["system"], e["gold"]]
    return out


def f1(tp: float, n_sys: float, n_gold: float) -> float:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main(args) -> int:
    for folder in [*args.gold, *([args.dev] if args.dev else [])]:
        if not folder.is_dir():
            print(f"{args.prog} train: error: no gold folder {folder}: pass --gold/--dev a folder of "
                  "annotations such as ../shared/gold/train", file=sys.stderr)
            return 2
    if (args.cv or args.dev) and not args.scorer.is_file():
        print(f"{args.prog} train: error: no scorer {args.scorer}: pass --scorer ../shared/tools/score.py",
              file=sys.stderr)
        return 2
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print(f"{args.prog} train: error: scikit-learn is missing: install the train extra "
              "(pip install -e '.[train]', or run make train)", file=sys.stderr)
        return 2
    settings = load_settings(args.config)
    data = args.data
    articles = gold_articles(args.gold, data)
    scorer = args.scorer
    print(f"train: {len(articles)} annotated articles from {', '.join(str(g) for g in args.gold)}", file=sys.stderr)
    items = examples(articles, settings)
    manifest = {"gold": [str(g) for g in args.gold], "articles": [i.name for i in items],
                "training_data_sha256": hashlib.sha256("".join(json.dumps(g, sort_keys=True)
                                                               for g, _ in articles).encode()).hexdigest(),
                "tokens": sum(len(i.tags) for i in items), "c": args.c, "threshold": args.threshold,
                "model": "multinomial logistic regression (scikit-learn) over hashed token features",
                "tags": list(TAGS)}
    if args.cv:
        folds = [[a for k, a in enumerate(articles) if k % args.cv == f] for f in range(args.cv)]
        total: dict[str, list[float]] = {}
        with tempfile.TemporaryDirectory() as tmp:
            for f, held in enumerate(folds):
                names = {p.name for _, p in held}
                hashes, weights, bias = fit([i for i in items if i.name not in names], args.c)
                path = Path(tmp, f"fold{f}.npz")
                save(path, hashes, weights, bias, args.threshold, aliases([a for a in articles if a[1].name not in names]))
                for t, (tp, n_sys, n_gold) in counts(score(path, held, scorer, settings)).items():
                    acc = total.setdefault(t, [0.0, 0.0, 0.0])
                    acc[0] += tp
                    acc[1] += n_sys
                    acc[2] += n_gold
        manifest["cross_validation"] = {"folds": args.cv, **{t: round(f1(*v), 4) for t, v in total.items()}}
        print(f"train: {args.cv}-fold cross-validated entity F1 {manifest['cross_validation']}", file=sys.stderr)
    hashes, weights, bias = fit(items, args.c)
    links = aliases(articles)
    save(args.out, hashes, weights, bias, args.threshold, links)
    manifest["features"] = int(len(hashes))
    manifest["aliases"] = len(links)
    if args.dev:
        dev = gold_articles([args.dev], data)
        report = score(args.out, dev, scorer, settings)
        manifest["dev"] = {"gold": str(args.dev), "entity_f1": round(report["entity"]["all"]["f1"], 4),
                           **{t: round(report["entity"][t]["f1"], 4) for t in TYPES},
                           "unsafe": report["flags"]["unsafe"], "condition": round(report["condition"]["accuracy"], 4),
                           "dedupe_f1": round(report["dedupe"]["f1"], 4)}
        print(f"train: on {args.dev}: {manifest['dev']}", file=sys.stderr)
    args.out.with_suffix(".json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"train: {len(hashes)} features -> {args.out}", file=sys.stderr)
    return 0
