"""Statement-style expenses for the categorizer's quality benchmark, from `merchants.json`.

Deterministic for a seed. Every expense is written the way a bank or card statement writes
it (`UPI/506012345678/Swiggy/swiggy@axisbank/AXIS`, `POS/AMAZON PAY INDIA/BANGALORE`,
`UBER   *TRIP`, `SHELL OIL 57444221500`, `BIL/ONL/000123/BESCOM/Electricity`), with fresh
reference numbers, store numbers, cities, casing and truncation each time; a few are typed
by hand (a short note as the description and the merchant filled in).

- `history`: the training rows, over `train_merchants` only;
- `seen_tests`: new expenses from the same `train_merchants` (test a);
- `unseen_tests`: expenses from `unseen_merchants`, which never occur in the history (test b).
"""

import json
import math
import random
import string
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

SET_FILE = Path(__file__).parent / "merchants.json"

CITIES = [
    "BANGALORE", "BENGALURU", "MUMBAI", "NEW DELHI", "CHENNAI", "HYDERABAD", "PUNE", "MYSORE",
    "HOSUR", "THANE", "NOIDA", "GURGAON", "KOCHI", "COIMBATORE", "MG ROAD BANGALORE",
    "KORAMANGALA", "INDIRANAGAR", "WHITEFIELD", "ANDHERI W", "JAYANAGAR", "IN", "IND",
]  # fmt: skip
PSPS = ["okaxis", "okhdfcbank", "okicici", "oksbi", "ybl", "paytm", "axl", "ibl", "axisbank"]
BANKS = ["AXIS", "HDFC BANK", "ICICI", "SBI", "YES BANK", "KOTAK", "Axis Bank"]
BANK_CODES = ["YESB", "UTIB", "HDFC", "SBIN", "ICIC", "KKBK"]
CASINGS = [("upper", 6), ("title", 2), ("lower", 1), ("asis", 1)]
MANUAL_SHARE = 0.12  # typed by hand: a short note, the merchant filled in
MERCHANT_FIELD_SHARE = 0.08  # imported with the merchant column filled in


@dataclass(frozen=True)
class Merchant:
    name: str
    category: str
    card: str  # what a card statement prints
    web: str | None
    notes: tuple[str, ...]
    center: float  # this merchant's usual amount
    brand_only: bool = False  # no generic word to go by


@dataclass(frozen=True)
class Expense:
    description: str
    merchant: str
    amount: Decimal
    category: str
    source: str  # the merchant it was generated from


@dataclass(frozen=True)
class EvalSet:
    categories: list[str]  # system first, then custom
    system: list[str]
    custom: list[str]
    train_merchants: list[Merchant]
    unseen_merchants: list[Merchant]
    history: list[Expense]
    seen_tests: list[Expense]
    unseen_tests: list[Expense]


def load() -> dict:
    return json.loads(SET_FILE.read_text(encoding="utf-8"))


def _merchant(entry, category: str, spec: dict, rng: random.Random) -> Merchant:
    if isinstance(entry, str):
        entry = {"name": entry}
    low, high = spec["amount"]
    center = math.exp(rng.uniform(math.log(low), math.log(high)))
    return Merchant(
        name=entry["name"],
        category=category,
        card=entry.get("card", entry["name"].upper()),
        web=entry.get("web"),
        notes=tuple(entry.get("notes", ())),
        center=center,
        brand_only=entry.get("brand_only", False),
    )


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def _code(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(8))


def _truncate(text: str, rng: random.Random, share: float) -> str:
    """Statement fields are cut at 16-22 characters now and then."""
    if len(text) > 16 and rng.random() < share:
        return text[: rng.randint(16, 22)].rstrip()
    return text


def _handle(merchant: Merchant, rng: random.Random) -> str:
    if rng.random() < 0.4:
        letters = "".join(ch for ch in merchant.name.lower() if ch.isalpha())
        return letters[: rng.randint(8, 16)]
    return rng.choice(["paytmqr28100505", "q", "gpay-11", "bharatpe.90"]) + _digits(rng, 10)


def _case(text: str, rng: random.Random) -> str:
    casing = rng.choices([c for c, _ in CASINGS], [w for _, w in CASINGS])[0]
    if casing == "upper":
        return text.upper()
    if casing == "title":
        return text.title()
    if casing == "lower":
        return text.lower()
    return text


def _description(merchant: Merchant, spec: dict, formats: dict, rng: random.Random) -> str:
    names = list(spec["formats"])
    style = rng.choices(names, [spec["formats"][n] for n in names])[0]
    if style == "web" and merchant.web is None:
        style = "plain"
    notes = list(merchant.notes) or spec["notes"]
    store = ("#" if rng.random() < 0.3 else "") + _digits(rng, rng.choice([3, 4, 5, 11]))
    card = merchant.card
    if style == "card_star" and "*" in card:
        card = card.split("*")[0].rstrip()
    card = _truncate(card, rng, 0.3)  # a card's merchant name field is short
    fields = {
        "name": _truncate(merchant.name, rng, 0.25),
        "card": card,
        "web": merchant.web or "",
        "handle": _handle(merchant, rng),
        "psp": rng.choice(PSPS),
        "bank": rng.choice(BANKS),
        "bankcode": rng.choice(BANK_CODES),
        "ifsc": rng.choice(BANK_CODES) + "0" + _digits(rng, 6),
        "note": rng.choice(notes),
        "city": rng.choice(CITIES),
        "ref12": "5" + _digits(rng, 11),
        "ref10": _digits(rng, 10),
        "ref6": _digits(rng, 6),
        "card4": _digits(rng, 4),
        "code": _code(rng),
        "store": store,
    }
    return _case(formats[style].format(**fields), rng)


def expense(merchant: Merchant, spec: dict, formats: dict, rng: random.Random) -> Expense:
    amount = Decimal(f"{merchant.center * math.exp(rng.gauss(0, 0.35)):.2f}")
    roll = rng.random()
    if roll < MANUAL_SHARE:
        description, typed = rng.choice(spec["manual"]), merchant.name
    elif roll < MANUAL_SHARE + MERCHANT_FIELD_SHARE:
        description, typed = _description(merchant, spec, formats, rng), merchant.name
    else:
        description, typed = _description(merchant, spec, formats, rng), ""
    return Expense(description, typed, amount, merchant.category, merchant.name)


def build(seed: int, *, seen_per_merchant: int = 6, unseen_per_merchant: int = 8) -> EvalSet:
    data = load()
    rng = random.Random(seed)
    specs = data["categories"]
    train, unseen = [], []
    for category, spec in specs.items():
        train += [_merchant(e, category, spec, rng) for e in spec["train_merchants"]]
        unseen += [_merchant(e, category, spec, rng) for e in spec["unseen_merchants"]]
    formats = data["formats"]
    history = []
    for merchant in train:
        times = 3 + int(37 * rng.random() ** 2)  # 3 to 40, most merchants a handful of times
        history += [expense(merchant, specs[merchant.category], formats, rng) for _ in range(times)]
    rng.shuffle(history)

    def tests(merchants: list[Merchant], count: int) -> list[Expense]:
        return [
            expense(m, specs[m.category], formats, rng) for m in merchants for _ in range(count)
        ]

    return EvalSet(
        categories=list(specs),
        system=data["system_categories"],
        custom=data["custom_categories"],
        train_merchants=train,
        unseen_merchants=unseen,
        history=history,
        seen_tests=tests(train, seen_per_merchant),
        unseen_tests=tests(unseen, unseen_per_merchant),
    )


def large_history(seed: int, rows: int) -> list[Expense]:
    """A long history for timing: the train merchants plus many made-up local ones (a real
    user with 10,000 expenses has hundreds of merchants), `rows` expenses in all."""
    data = load()
    rng = random.Random(seed + 1)
    specs = data["categories"]
    merchants = [
        _merchant(e, category, spec, rng)
        for category, spec in specs.items()
        for e in spec["train_merchants"]
    ]
    syllables = ["ka", "ve", "ri", "san", "dhya", "mu", "ra", "li", "to", "pa", "ne", "shi"]
    for _ in range(600):
        category = rng.choice(list(specs))
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        tail = rng.choice(["Traders", "Enterprises", "Stores", "Services", "Centre", "& Co"])
        merchants.append(_merchant(f"{word.title()} {tail}", category, specs[category], rng))
    formats = data["formats"]
    return [expense(m, specs[m.category], formats, rng) for m in rng.choices(merchants, k=rows)]
