"""Statement text made comparable: "UBER *TRIP 8823", "Uber BV" and "uber trip" meet.

Card and bank statements wrap the merchant in noise: reference numbers, channel codes
(`POS`, `UPI/`, `NEFT`), legal suffixes, city names. `normalize` keeps the words that name
the merchant or the purchase; `trigrams` gives the character shapes that survive
truncation and typos ("AMAZON MKTPL*2K4" and "amazon marketplace").
"""

import re
import unicodedata

NOISE = frozenset(
    [
        "pos",
        "upi",
        "neft",
        "imps",
        "rtgs",
        "ach",
        "nach",
        "ecs",
        "bil",
        "onl",
        "billpay",
        "dr",
        "cr",
        "debit",
        "credit",
        "card",
        "cards",
        "txn",
        "ref",
        "no",
        "nr",
        "transfer",
        "trf",
        "to",
        "by",
        "from",
        "via",
        "payment",
        "payments",
        "paid",
        "purchase",
        "purchases",
        "sale",
        "pmt",
        "www",
        "com",
        "net",
        "org",
        "co",
        "in",
        "ltd",
        "pvt",
        "private",
        "limited",
        "inc",
        "llc",
        "gmbh",
        "se",
        "kg",
        "nv",
        "oy",
        "ab",
        "pty",
        "sarl",
        "bv",
        "sa",
        "sas",
        "srl",
        "plc",
        "ag",
        "corp",
        "company",
        "mktp",
        "mktpl",
        "order",
        "orders",
        "visa",
        "mastercard",
        "rupay",
        "contactless",
        "online",
        "recurring",
        "autopay",
        "si",
        "mandate",
        "the",
        "and",
        "of",
        "at",
        "for",
        "on",
        "a",
        "an",
        "de",
        "der",
        "die",
        "das",
        "und",
        "le",
        "la",
        "el",
        "les",
        # UPI apps and handles, bank names and IFSC prefixes in UPI narrations
        # ("UPI/506012345678/Swiggy/swiggy@okaxis/HDFC BANK", "…/OLA CABS/YESB/ride")
        "okaxis",
        "okhdfcbank",
        "okicici",
        "oksbi",
        "okbizaxis",
        "ybl",
        "ibl",
        "axl",
        "apl",
        "yapl",
        "paytm",
        "gpay",
        "phonepe",
        "bharatpe",
        "bhim",
        "bank",
        "axisbank",
        "hdfcbank",
        "icici",
        "hdfc",
        "axis",
        "sbi",
        "sbin",
        "utib",
        "yesb",
        "icic",
        "kkbk",
        "barb",
        "cnrb",
        "punb",
        "ubin",
        "idib",
    ]
)
CITIES = frozenset(
    [
        "bangalore",
        "bengaluru",
        "blr",
        "mumbai",
        "bombay",
        "delhi",
        "new",
        "ndelhi",
        "gurgaon",
        "gurugram",
        "noida",
        "chennai",
        "madras",
        "hyderabad",
        "pune",
        "kolkata",
        "calcutta",
        "ahmedabad",
        "jaipur",
        "kochi",
        "cochin",
        "lucknow",
        "mysore",
        "mysuru",
        "thane",
        "navi",
        "coimbatore",
        "hosur",
        "indore",
        "nagpur",
        "surat",
        "vadodara",
        "chandigarh",
        "bhopal",
        "patna",
        "goa",
        "visakhapatnam",
        "vizag",
        "india",
        "ind",
        "london",
        "paris",
        "berlin",
        "munich",
        "munchen",
        "muenchen",
        "hamburg",
        "frankfurt",
        "amsterdam",
        "madrid",
        "barcelona",
        "rome",
        "milan",
        "dublin",
        "york",
        "nyc",
        "ny",
        "ca",
        "tx",
        "wa",
        "sf",
        "san",
        "francisco",
        "seattle",
        "chicago",
        "boston",
        "austin",
        "los",
        "angeles",
        "la",
        "usa",
        "us",
        "uk",
        "gb",
        "de",
        "fr",
        "nl",
        "es",
        "it",
        "ie",
    ]
)
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The meaningful words of a statement text, lower case, in order, noise dropped."""
    found = []
    for word in _SEPARATORS.split(_fold(text).replace("'", "")):
        if any(ch.isdigit() for ch in word):
            continue  # reference numbers, card endings, store numbers
        if len(word) > 1 and word not in NOISE and word not in CITIES:
            found.append(word)
    return found


def normalize(text: str) -> str:
    return " ".join(words(text))


def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of each word, with its edges marked."""
    grams: set[str] = set()
    for word in text.split():
        padded = f"^{word}$"
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)
