"""Dedupe cost: time and memory for 10k, 30k and 100k mentions of realistic phrases.

Phrases come from the lexicon's surfaces with modifiers, plural/singular changes, typos and unlinked
variants, spread over many documents, so most keys are distinct and fuzzy matching does real work.
python -m bench.bench_dedupe
"""
from __future__ import annotations

import random
import resource
import time
import tracemalloc

from pipeline.config import DedupeSettings
from pipeline.records import Mention
from pipeline.resources.loader import lexicon
from pipeline.stages.dedupe import MentionSummary, deduplicate

MODIFIERS = ["severe", "chronic", "mild", "acute", "left", "right", "lower", "upper", "recurring", "sudden",
             "persistent", "occasional", "morning", "night", "post-workout", "work-related", "minor", "deep"]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def phrases(n: int, seed: int = 3):
    rng = random.Random(seed)
    entries = [e for e in lexicon() if e.type != "none"]
    for i in range(n):
        e = rng.choice(entries)
        words = e.surface.split()
        r = rng.random()
        if r < 0.35:
            words = [rng.choice(MODIFIERS)] + words
        elif r < 0.5:
            words[-1] = typo(words[-1], rng)
        elif r < 0.6:
            words[-1] = words[-1] + "s"
        linked = rng.random() < 0.4 and len(words) == len(e.surface.split())
        yield f"d{rng.randrange(n // 20 + 1)}", e.type, " ".join(words), (e.concept if linked else "")


def main() -> None:
    settings = DedupeSettings()
    rows = []
    for n in (10_000, 30_000, 100_000):
        summary = MentionSummary()
        for doc, typ, surface, concept in phrases(n):
            summary.add(Mention("m", doc, 0, 0, 1, typ, surface, surface, concept=concept), doc)
        tracemalloc.start()
        t0 = time.perf_counter()
        res = deduplicate(summary, settings)
        secs = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append((n, len(summary.keys), len(res.entities), secs, peak / 1e6))
        print(f"{n:>7} mentions, {len(summary.keys):>6} distinct keys -> {len(res.entities):>6} entities, "
              f"{len(res.review_pairs):>5} review pairs: {secs:6.2f} s, peak {peak / 1e6:6.1f} MB (dedupe only)")
    (_n1, k1, _, s1, _), (_n3, k3, _, s3, _) = rows[0], rows[-1]
    print(f"keys x{k3 / k1:.1f} -> time x{s3 / s1:.1f} (quadratic would be x{(k3 / k1) ** 2:.0f}); "
          f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
