"""How well the local categorizer (`ai/categorizer.py`) names the category of an expense.

Run from the repository root (see bench/README.md and bench/ai_eval/README.md):

    DEBUG=1 .venv/bin/python bench/ai_quality.py [--seed 7]

It needs no database: `ai.categorizer` imports only pure modules. From the reviewed set in
`bench/ai_eval/merchants.json` it generates (seeded) a training history of statement-style
expenses over the `train_merchants`, then asks the model about
(a) new expenses from those merchants ("seen") and
(b) expenses from `unseen_merchants`, which are in neither the history nor the prior.
It prints accuracy, coverage, a reliability table by confidence, the share right among
answers with confidence >= 0.8, and timings for a user with 10,000 expenses; the last line
sums it up, and the exit status is 1 when a target is missed.

Before anything it refuses to run if an unseen merchant is in `ai/data/prior.json` (see
`check_separation`): the prior must never be tuned on the test merchants.
"""

import argparse
import itertools
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ai_eval.generate import EvalSet, Expense, build, large_history

from ai.categorizer import PRIOR_FILE, LocalCategorizer, TrainingRow, prior_terms
from ai.suggestions import Suggestion
from ai.text import normalize

TARGET_SEEN = 0.97
TARGET_UNSEEN = 0.75
TARGET_CALIBRATED = 0.80
CONFIDENT = 0.8
TARGET_P95_MS = 50.0
BUCKETS = [0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.01]
TIMING_ROWS = 10_000
TIMING_QUESTIONS = 2_000


def check_separation(data: EvalSet) -> list[str]:
    """Why the set may not be used, if it may not. An unseen merchant's normalized name may
    not equal a phrase of the prior, contain a merchant phrase of the prior of 2+ words, or
    contain a 1-word prior merchant that is not also a generic word of the prior (`metro`,
    `mobile` are; `swiggy` is not); nor may it be a train merchant. Generic words
    (pharmacy, petrol, tuition) are allowed: they are the prior's cold-start knowledge."""
    terms = prior_terms()
    prior = json.loads(PRIOR_FILE.read_text(encoding="utf-8"))["categories"]
    merchants = {normalize(m) for spec in prior.values() for m in spec["merchants"]} - {""}
    generic = {normalize(w) for spec in prior.values() for w in spec["keywords"]} - {""}
    assert terms <= merchants | generic, "prior_terms() and prior.json disagree"
    phrases = {m for m in merchants if " " in m}
    brands = {m for m in merchants if " " not in m} - generic
    trained = {normalize(m.name) for m in data.train_merchants}
    problems = []
    for merchant in data.unseen_merchants:
        name = normalize(merchant.name)
        if name in terms:
            problems.append(f"{merchant.name!r} is a phrase of the prior ({name!r})")
        problems += [
            f"{merchant.name!r} contains the prior's merchant {p!r}"
            for p in sorted(phrases)
            if f" {p} " in f" {name} "
        ]
        problems += [
            f"{merchant.name!r} contains the prior's merchant {w!r}"
            for w in sorted(set(name.split()) & brands)
        ]
        if name in trained:
            problems.append(f"{merchant.name!r} is also a train merchant")
    return problems


def evaluate(model: LocalCategorizer, tests: list[Expense]) -> list[tuple[Expense, Suggestion]]:
    return [(case, model.suggest(case.description, case.merchant, case.amount)) for case in tests]


def right(case: Expense, answer: Suggestion, ids: dict[str, int]) -> bool:
    return answer.category_id is not None and answer.category_id == ids[case.category]


def share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def print_categories(data: EvalSet, seen, unseen, ids) -> None:
    tallies: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for split, results in (("seen", seen), ("unseen", unseen)):
        for case, answer in results:
            tallies[case.category][split]["n"] += 1
            tallies[case.category][split]["right"] += right(case, answer, ids)
    print(f"\n{'category':<15}{'kind':<8}{'seen':>8}{'n':>6}{'unseen':>9}{'n':>6}")
    for category in data.categories:
        kind = "custom" if category in data.custom else "system"
        row = tallies[category]
        s, u = row["seen"], row["unseen"]
        print(
            f"{category:<15}{kind:<8}{share(s['right'], s['n']):>8.3f}{s['n']:>6}"
            f"{share(u['right'], u['n']):>9.3f}{u['n']:>6}"
        )


def print_reliability(results, ids) -> None:
    print("\nreliability (seen and unseen together)")
    print(f"{'confidence':<14}{'n':>6}{'right':>8}{'mean conf':>11}")
    answered = [(c, a) for c, a in results if a.category_id is not None]
    for low, high in itertools.pairwise(BUCKETS):
        inside = [(c, a) for c, a in answered if low <= a.confidence < high]
        if not inside:
            continue
        hits = sum(right(c, a, ids) for c, a in inside)
        mean = statistics.fmean(a.confidence for _, a in inside)
        label = f"{low:.1f}-{min(high, 1.0):.1f}"
        print(f"{label:<14}{len(inside):>6}{share(hits, len(inside)):>8.3f}{mean:>11.3f}")
    empty = sum(a.category_id is None for _, a in results)
    print(f"{'no category':<14}{empty:>6}")


def print_misses(results, ids, title: str, limit: int) -> None:
    """The merchants with wrong answers, most wrong first, with one wrong answer each."""
    wrong: dict[str, list[tuple[Expense, Suggestion]]] = defaultdict(list)
    total: Counter = Counter()
    for case, answer in results:
        total[case.source] += 1
        if not right(case, answer, ids):
            wrong[case.source].append((case, answer))
    if not wrong or not limit:
        return
    shown = sorted(wrong, key=lambda source: -len(wrong[source]))[:limit]
    print(f"\n{title}: {len(wrong)} merchants with wrong answers, {len(shown)} shown")
    for source in shown:
        case, answer = wrong[source][0]
        example = f"{case.description[:34]!r} -> {answer.category_name} ({answer.confidence:.2f})"
        count = f"{len(wrong[source])}/{total[source]}"
        print(f"  {source[:26]:<27}{case.category:<14}{count:>6}  e.g. {example}")


def timings(seed: int) -> tuple[float, float, float, int]:
    """Training time for a user with TIMING_ROWS expenses (the train merchants and 600
    made-up ones), and the median and 95th percentile time of one suggestion."""
    rows = large_history(seed, TIMING_ROWS)
    data = build(seed + 2)
    categories = {n: name for n, name in enumerate(data.categories, start=1)}
    ids = {name: n for n, name in categories.items()}
    started = time.perf_counter()
    model = LocalCategorizer(
        (TrainingRow(r.description, r.merchant, ids[r.category], r.amount) for r in rows),
        categories=categories,
        system_ids={name: ids[name] for name in data.system},
    )
    train_ms = (time.perf_counter() - started) * 1000
    questions = (data.seen_tests + data.unseen_tests)[:TIMING_QUESTIONS]
    spent = []
    for case in questions:
        started = time.perf_counter()
        model.suggest(case.description, case.merchant, case.amount)
        spent.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(spent, n=20)
    return train_ms, statistics.median(spent), cuts[18], len(spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--misses", type=int, default=15, help="merchants with wrong answers to list, per test"
    )
    args = parser.parse_args()

    data = build(args.seed)
    problems = check_separation(data)
    if problems:
        print("Refusing to run: the test merchants must stay out of the prior and the history.")
        print("\n".join(f"  {p}" for p in problems))
        return 2

    categories = {n: name for n, name in enumerate(data.categories, start=1)}
    ids = {name: n for n, name in categories.items()}
    model = LocalCategorizer(
        (TrainingRow(e.description, e.merchant, ids[e.category], e.amount) for e in data.history),
        categories=categories,
        system_ids={name: ids[name] for name in data.system},
    )
    seen = evaluate(model, data.seen_tests)
    unseen = evaluate(model, data.unseen_tests)

    known = {e.description for e in data.history}
    repeated = sum(c.description in known for c in data.seen_tests)
    print(f"categorizer quality, seed {args.seed}")
    print(
        f"history: {len(data.history)} expenses over {len(data.train_merchants)} merchants, "
        f"{len(data.categories)} categories ({len(data.custom)} custom: {', '.join(data.custom)})"
    )
    print(
        f"test (a) seen merchants: {len(seen)} new expenses "
        f"({share(repeated, len(seen)):.0%} with a description word for word in the history)"
    )
    print(
        f"test (b) unseen merchants: {len(unseen)} expenses from "
        f"{len(data.unseen_merchants)} merchants in neither the history nor the prior"
    )
    print_categories(data, seen, unseen, ids)

    everything = seen + unseen
    seen_acc = share(sum(right(c, a, ids) for c, a in seen), len(seen))
    unseen_acc = share(sum(right(c, a, ids) for c, a in unseen), len(unseen))
    custom = [(c, a) for c, a in unseen if c.category in data.custom]
    system = [(c, a) for c, a in unseen if c.category not in data.custom]
    confident = [
        (c, a) for c, a in everything if a.category_id is not None and a.confidence >= CONFIDENT
    ]
    calibrated = share(sum(right(c, a, ids) for c, a in confident), len(confident))
    coverage = share(sum(a.category_id is not None for _, a in everything), len(everything))
    print_reliability(everything, ids)
    print_misses(seen, ids, "seen merchants", args.misses)
    print_misses(unseen, ids, "unseen merchants", args.misses)

    print(f"\naccuracy, seen merchants:   {seen_acc:.3f}  (target >= {TARGET_SEEN})")
    print(f"accuracy, unseen merchants: {unseen_acc:.3f}  (target >= {TARGET_UNSEEN})")
    print(
        f"  system categories {share(sum(right(c, a, ids) for c, a in system), len(system)):.3f} "
        f"(n={len(system)}); custom categories "
        f"{share(sum(right(c, a, ids) for c, a in custom), len(custom)):.3f} (n={len(custom)})\n"
        "    (the prior knows only system categories: a new merchant of a custom category is\n"
        "    found only through words it shares with the history; a miss counts as wrong)"
    )
    brands = {m.name for m in data.unseen_merchants if m.brand_only}
    for label, subset in (
        ("with a generic word", [(c, a) for c, a in system if c.source not in brands]),
        ("brand only, expected misses", [(c, a) for c, a in system if c.source in brands]),
    ):
        hits = sum(right(c, a, ids) for c, a in subset)
        print(f"    system, {label}: {share(hits, len(subset)):.3f} (n={len(subset)})")
    print(
        f"right among answers with confidence >= {CONFIDENT}: {calibrated:.3f} "
        f"(n={len(confident)} of {len(everything)}; target >= {TARGET_CALIBRATED})"
    )
    print(f"coverage (answers with a category): {coverage:.3f}")

    train_ms, p50, p95, asked = timings(args.seed)
    print(
        f"\n{TIMING_ROWS} expenses: trained in {train_ms:.0f} ms; suggest p50 {p50:.2f} ms, "
        f"p95 {p95:.2f} ms over {asked} questions (target p95 < {TARGET_P95_MS:.0f})"
    )
    print(
        f"\nai_quality: seen={seen_acc:.3f} unseen={unseen_acc:.3f} "
        f"calibrated_at_0.8={calibrated:.3f} (n={len(confident)}) coverage={coverage:.3f} "
        f"p50_ms={p50:.2f} p95_ms={p95:.2f}"
    )
    missed = [
        name
        for name, ok in (
            ("seen", seen_acc >= TARGET_SEEN),
            ("unseen", unseen_acc >= TARGET_UNSEEN),
            ("calibration", calibrated >= TARGET_CALIBRATED),
            ("p95", p95 < TARGET_P95_MS),
        )
        if not ok
    ]
    if missed:
        print(f"targets missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
