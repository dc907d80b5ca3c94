"""Build spun copies of real articles the way a WordNet article spinner does (for testing the spin gate).

Each eligible word (alphabetic, in WordNet, not a stopword) is replaced with probability ``rate`` by a
co-lemma from a random synset of it, often of the wrong sense ("kip" for sleep); multi-word lemmas
come out with spaces ("log Z's"). With ``--tokenized`` the text is then re-joined token by token as
a naive spinner does (" , ", " . "). The generator is seeded: the same inputs give the same set.

python -m bench.make_spun --shared ../shared --out /tmp/spun --n 200
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from pipeline.markup import render_markdown
from pipeline.wordnet import load

STOP = set("""a an and are as at be been but by can could did do does for from had has have he her his i if in
into is it its may me might must my no not of on or our she should so than that the their them then there these
they this those to too us was we were what when where which while who will with would you your""".split())
TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")


def spin_text(text: str, rate: float, rng: random.Random, tokenized: bool) -> str:
    """Replace words by WordNet co-lemmas; like seed 001's spinner it looks words up by lemma and
    writes the co-lemma's base form, so inflections drop ("is needed" -> "is need")."""
    from pipeline.nlp import lemma_table

    wn = load()
    lemmas = lemma_table()
    out_lines = []
    for line in text.split("\n"):
        toks = TOKEN.findall(line) if tokenized else re.split(r"(\W+)", line)
        new = []
        for tok in toks:
            low = tok.lower()
            if tok.isalpha() and low not in wn:
                low = lemmas(low)
            if tok.isalpha() and low not in STOP and len(low) > 2 and low in wn and rng.random() < rate:
                idx = wn.index[low]
                synset = wn.lemmas[rng.choice((idx,) if isinstance(idx, int) else idx)]
                choices = [c for c in synset if c != low]
                if choices:
                    rep = rng.choice(choices).replace("_", " ")
                    tok = rep[0].upper() + rep[1:] if tok[0].isupper() else rep
            new.append(tok)
        out_lines.append(" ".join(new) if tokenized else "".join(new))
    return "\n".join(out_lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sources = sorted((args.shared / "data/docus").glob("*.json"))[: args.n // 2]
    sources += sorted((args.shared / "data/healthline").glob("*.md"))[: args.n - len(sources)]
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for i, path in enumerate(sources):
        if path.suffix == ".json":
            md = json.loads(path.read_text(encoding="utf-8"))["markdown"]
        else:
            md = path.read_text(encoding="utf-8")
        text = render_markdown(md).text  # spinners work on scraped text, as seed 001 shows
        rate = rng.uniform(0.15, 0.30)
        tokenized = i % 2 == 0
        spun = spin_text(text, rate, rng, tokenized)
        name = f"spun_{i:04d}_{path.stem}.txt"
        (args.out / name).write_text(spun, encoding="utf-8")
        manifest.append({"file": name, "source": path.name, "rate": round(rate, 3), "tokenized": tokenized})
    (args.out.parent / (args.out.name + ".manifest.json")).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    print(f"wrote {len(manifest)} spun articles to {args.out}")


if __name__ == "__main__":
    main()
