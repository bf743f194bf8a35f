"""Realistic demo spending: about two years of one person's daily life in an Indian city.

`demo_rows` yields plain rows lazily, so the seeding command can stream a million of them
into `bulk_create` batches without holding them in memory.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone


@dataclass(frozen=True)
class DemoRow:
    date: date
    amount: Decimal
    description: str
    merchant: str
    category: str
    payment_method: str
    tags: tuple[str, ...] = ()
    notes: str = ""

    def created_at(self, rng: random.Random) -> datetime:
        moment = datetime.combine(self.date, time(rng.randint(7, 22), rng.randint(0, 59)))
        return timezone.make_aware(moment, timezone.get_current_timezone())


GROCERS = ["FreshMart", "Nature's Basket", "More Supermarket", "Reliance Fresh", "DMart"]
DINING = [
    ("Third Wave Coffee", 180, 450),
    ("Cafe Coffee Day", 150, 400),
    ("Swiggy order", 250, 900),
    ("Zomato order", 250, 950),
    ("Barbeque Nation", 1200, 2800),
    ("Haldiram's", 200, 700),
    ("Truffles", 500, 1400),
]
SHOPS = [
    ("Amazon", 299, 4500),
    ("Flipkart", 399, 3800),
    ("Myntra", 799, 3500),
    ("Decathlon", 499, 5000),
]
BIG_TICKETS = [
    ("Laptop", "Croma", 55000, 95000),
    ("Smartphone", "Reliance Digital", 18000, 65000),
    ("Washing machine", "Vijay Sales", 22000, 38000),
    ("Sofa", "IKEA", 25000, 60000),
]
TRIPS = [("Goa", 5, 12), ("Manali", 12, 5), ("Kerala", 12, 12), ("Jaipur", 10, 5)]


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2))).quantize(Decimal("0.01"))


def _day(rng: random.Random, day: date) -> Iterator[DemoRow]:
    weekend = day.weekday() >= 5
    if day.weekday() in (2, 5):
        yield DemoRow(
            day,
            _money(rng, 800, 3500),
            "Weekly groceries",
            rng.choice(GROCERS),
            "Food",
            rng.choice(["card", "upi"]),
            ("groceries",),
        )
    if rng.random() < (0.55 if weekend else 0.3):
        merchant, low, high = rng.choice(DINING)
        tags = ("dining", "weekend") if weekend else ("dining",)
        yield DemoRow(
            day,
            _money(rng, low, high),
            f"Meal at {merchant}".replace(" order", ""),
            merchant,
            "Food",
            rng.choice(["upi", "card", "wallet"]),
            tags,
        )
    if not weekend:
        if day.weekday() == 0:
            yield DemoRow(
                day,
                Decimal(rng.choice([500, 750, 1000])),
                "Metro card top-up",
                "Namma Metro",
                "Transport",
                "upi",
                ("commute",),
            )
        if rng.random() < 0.25:
            yield DemoRow(
                day,
                _money(rng, 140, 520),
                "Cab to office",
                rng.choice(["Uber", "Ola"]),
                "Transport",
                "wallet",
                ("commute",),
            )
    yield from _monthly(rng, day)
    if rng.random() < 0.02:
        yield DemoRow(
            day, _money(rng, 180, 2400), "Medicines", "Apollo Pharmacy", "Healthcare", "card"
        )
    if rng.random() < 0.07:
        merchant, low, high = rng.choice(SHOPS)
        yield DemoRow(
            day,
            _money(rng, low, high),
            f"Order from {merchant}",
            merchant,
            "Shopping",
            "card",
            ("online",),
        )
    if weekend and rng.random() < 0.15:
        yield DemoRow(
            day,
            _money(rng, 350, 1100),
            "Movie tickets",
            "PVR Cinemas",
            "Entertainment",
            "card",
            ("weekend",),
        )
    if rng.random() < 0.006:
        item, merchant, low, high = rng.choice(BIG_TICKETS)
        yield DemoRow(
            day,
            _money(rng, low, high),
            item,
            merchant,
            "Shopping",
            "card",
            ("big-ticket",),
            "Paid in full",
        )
    if rng.random() < 0.008:
        yield DemoRow(
            day,
            _money(rng, 449, 3499),
            "Online course",
            "Udemy",
            "Education",
            "card",
            ("learning",),
        )
    yield from _trip(rng, day)


def _monthly(rng: random.Random, day: date) -> Iterator[DemoRow]:
    fixed = ("fixed",)
    if day.day == 1:
        yield DemoRow(
            day, Decimal("28000.00"), "Monthly rent", "Prestige Estates", "Housing", "bank", fixed
        )
    if day.day == 5:
        summer = day.month in (4, 5, 6)
        yield DemoRow(
            day,
            _money(rng, 1800, 3200) if summer else _money(rng, 800, 1600),
            "Electricity bill",
            "BESCOM",
            "Utilities",
            "upi",
            fixed,
        )
    if day.day == 8:
        yield DemoRow(
            day, Decimal("1199.00"), "Broadband", "ACT Fibernet", "Utilities", "card", fixed
        )
    if day.day == 12:
        yield DemoRow(day, Decimal("399.00"), "Mobile recharge", "Jio", "Utilities", "upi", fixed)
    if day.day == 15:
        yield DemoRow(
            day,
            Decimal("649.00"),
            "Netflix subscription",
            "Netflix",
            "Entertainment",
            "card",
            ("subscription",),
        )
    if day.day == 20:
        yield DemoRow(
            day,
            Decimal("119.00"),
            "Spotify Premium",
            "Spotify",
            "Entertainment",
            "card",
            ("subscription",),
        )


def _trip(rng: random.Random, day: date) -> Iterator[DemoRow]:
    for place, month, start_day in TRIPS:
        if day.month != month or not (start_day <= day.day < start_day + 4):
            continue
        if (day.year + len(place)) % 2:  # each destination every other year
            continue
        tags = ("vacation", f"trip-{day.year}")
        if day.day == start_day:
            yield DemoRow(
                day,
                _money(rng, 6500, 14000),
                f"Flights to {place}",
                "IndiGo",
                "Travel",
                "card",
                tags,
            )
            yield DemoRow(
                day,
                _money(rng, 9000, 22000),
                f"Hotel in {place}",
                "Taj Hotels",
                "Travel",
                "card",
                tags,
            )
        yield DemoRow(
            day,
            _money(rng, 600, 2500),
            f"Sightseeing in {place}",
            f"{place} Tours",
            "Travel",
            rng.choice(["cash", "upi"]),
            tags,
        )


def demo_rows(*, rng: random.Random, end: date, days: int = 730) -> Iterator[DemoRow]:
    """One person's spending over `days` days up to `end`, oldest first."""
    start = end - timedelta(days=days - 1)
    for offset in range(days):
        yield from _day(rng, start + timedelta(days=offset))


def demo_rows_endless(*, rng: random.Random, end: date) -> Iterator[DemoRow]:
    """Two-year lives over and over, as a large household would record, for big data sets."""
    while True:
        yield from demo_rows(rng=rng, end=end)
