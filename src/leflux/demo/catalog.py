"""The shop's catalogue and its search: pure data and pure functions, no I/O.

Search is deliberately simple and predictable (every word must match somewhere,
with plural forms folded) so that a visitor, a test and the agent all get the
same results for "red shoes".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    slug: str
    title: str
    price_cents: int
    category: str
    color: str
    art: str  # which inline SVG drawing the templates use
    blurb: str
    description: str
    details: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    default_size: str | None = None

    @property
    def price(self) -> str:
        return format_money(self.price_cents)


CATEGORIES: tuple[str, ...] = ("Shoes", "Apparel", "Accessories", "Fitness")
COLORS: tuple[str, ...] = ("Red", "Blue", "Green", "Black", "White", "Gray")

SHOE_SIZES = ("38", "39", "40", "41", "42", "43", "44", "45", "46")
APPAREL_SIZES = ("XS", "S", "M", "L", "XL")

# Hex values for the drawings; keyed by the colour names above.
COLOR_HEX: dict[str, str] = {
    "Red": "#e5484d",
    "Blue": "#3e63dd",
    "Green": "#30a46c",
    "Black": "#2b2b31",
    "White": "#f2f2f4",
    "Gray": "#8b8d98",
}

PRODUCTS: tuple[Product, ...] = (
    Product(
        "red-running-shoes", "Red Running Shoes", 4500, "Shoes", "Red", "shoe",
        "Light, springy road runners for daily miles.",
        "A breathable mesh upper and a responsive foam midsole make these our most popular "
        "everyday running shoes. Reflective heel tabs keep you visible on evening runs.",
        ("Weight: 240 g (size 42)", "Drop: 8 mm", "Machine washable insoles"),
        SHOE_SIZES, "42",
    ),
    Product(
        "blue-trail-sneakers", "Blue Trail Sneakers", 6200, "Shoes", "Blue", "shoe",
        "Grippy outsole for gravel, mud and wet rock.",
        "Lugged rubber outsole, a protective toe cap and a water-resistant upper for trails "
        "in every season.",
        ("Weight: 290 g (size 42)", "Drop: 6 mm", "Water-resistant upper"),
        SHOE_SIZES, "42",
    ),
    Product(
        "white-canvas-sneakers", "White Canvas Sneakers", 3800, "Shoes", "White", "shoe",
        "Clean low-tops that go with everything.",
        "Organic cotton canvas, a vulcanised rubber sole and a cushioned footbed. "
        "The classic sneaker, made to last.",
        ("Organic cotton canvas", "Vulcanised sole"),
        SHOE_SIZES, "42",
    ),
    Product(
        "black-leather-boots", "Black Leather Boots", 8900, "Shoes", "Black", "boot",
        "Full-grain leather ankle boots with a Goodyear welt.",
        "Full-grain leather, a resoleable Goodyear-welted sole and a padded collar. "
        "They soften with wear and last for years.",
        ("Full-grain leather", "Resoleable", "Side zip"),
        SHOE_SIZES, "42",
    ),
    Product(
        "classic-white-tee", "Classic White T-Shirt", 1800, "Apparel", "White", "tee",
        "Heavyweight organic cotton tee.",
        "A boxy, heavyweight 220 g/m² organic cotton T-shirt that keeps its shape wash "
        "after wash.",
        ("100% organic cotton", "220 g/m²", "Pre-shrunk"),
        APPAREL_SIZES, "M",
    ),
    Product(
        "blue-fleece-hoodie", "Blue Fleece Hoodie", 4200, "Apparel", "Blue", "hoodie",
        "Brushed-back fleece hoodie in deep navy blue.",
        "Soft brushed-back fleece, a double-layer hood and a kangaroo pocket. "
        "Our warmest everyday layer.",
        ("80% cotton, 20% recycled polyester", "Double-layer hood"),
        APPAREL_SIZES, "M",
    ),
    Product(
        "red-rain-jacket", "Red Rain Jacket", 7500, "Apparel", "Red", "jacket",
        "Packable waterproof shell with taped seams.",
        "A 2.5-layer waterproof, breathable shell that packs into its own pocket. "
        "Taped seams and an adjustable hood keep the rain out.",
        ("Waterproof 10,000 mm", "Packs into its pocket", "Adjustable hood"),
        APPAREL_SIZES, "M",
    ),
    Product(
        "sport-socks-3-pack", "Sport Socks (3-Pack)", 1200, "Apparel", "White", "socks",
        "Cushioned running socks, three pairs.",
        "Arch support, a cushioned sole and a seamless toe. Three pairs per pack.",
        ("Merino blend", "Seamless toe"),
        ("S", "M", "L"), "M",
    ),
    Product(
        "green-yoga-mat", "Green Yoga Mat", 2900, "Fitness", "Green", "mat",
        "Non-slip 5 mm natural rubber mat.",
        "Natural rubber with a grippy polyurethane top layer, 183 × 61 cm and 5 mm thick. "
        "Comes with a carry strap.",
        ("183 × 61 cm", "5 mm thick", "Carry strap included"),
    ),
    Product(
        "steel-water-bottle", "Steel Water Bottle", 2200, "Accessories", "Gray", "bottle",
        "Insulated 750 ml bottle: cold for 24 hours.",
        "Double-wall vacuum-insulated stainless steel keeps drinks cold for 24 hours or hot "
        "for 12. Leak-proof lid.",
        ("750 ml", "Stainless steel", "Dishwasher-safe lid"),
    ),
    Product(
        "black-backpack", "Black Daypack", 5500, "Accessories", "Black", "bag",
        "20 L backpack with a padded laptop sleeve.",
        "A 20 litre backpack with a padded 15-inch laptop sleeve, water-resistant fabric "
        "and a hidden passport pocket.",
        ("20 L", "Fits 15-inch laptops", "Water-resistant"),
    ),
    Product(
        "gray-wool-beanie", "Gray Wool Beanie", 1600, "Accessories", "Gray", "beanie",
        "Ribbed merino beanie.",
        "A soft, itch-free merino wool beanie with a fold-over cuff.",
        ("100% merino wool", "One size"),
    ),
)

_BY_SLUG = {p.slug: p for p in PRODUCTS}


def get_product(slug: str) -> Product | None:
    return _BY_SLUG.get(slug)


def format_money(cents: int) -> str:
    return f"${cents // 100}.{cents % 100:02d}"


_WORD = re.compile(r"[a-z0-9]+")
# Words a visitor says that never narrow a search ("show me some shoes").
_STOP = frozenset({"a", "an", "the", "some", "for", "me", "my", "and", "of", "with", "in"})


def _fold(word: str) -> str:
    """Plural folding good enough for a catalogue: shoes->shoe, boxes->box, socks->sock."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    return [_fold(w) for w in _WORD.findall(text.lower())]


def _haystack(product: Product) -> set[str]:
    text = " ".join((product.title, product.blurb, product.category, product.color,
                     product.art, product.slug.replace("-", " ")))
    words = set(_words(text))
    # "grey" and "sneakers" are how people say it too.
    if product.color == "Gray":
        words.add("grey")
    if product.category == "Shoes":
        words.update({"shoe", "sneaker", "footwear"})
    return words


def parse_price(raw: str | None) -> int | None:
    """'50', '$49.99', '49,5' -> cents; blank or nonsense -> None (no filter)."""
    if raw is None:
        return None
    text = raw.strip().replace("$", "").replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if value < 0 or value > 1_000_000:
        return None
    return round(value * 100)


@dataclass(frozen=True)
class Query:
    q: str = ""
    category: str = ""
    color: str = ""
    max_price_cents: int | None = None
    sort: str = "featured"

    @property
    def is_filtered(self) -> bool:
        return bool(self.q.strip() or self.category or self.color
                    or self.max_price_cents is not None)


SORTS: dict[str, str] = {
    "featured": "Featured",
    "price-asc": "Price: low to high",
    "price-desc": "Price: high to low",
    "name": "Name",
}


def make_query(params: dict[str, str]) -> Query:
    """Read the query string leniently: unknown categories/colours/sorts are ignored."""
    category = next((c for c in CATEGORIES if c.lower() == params.get("category", "").lower()),
                    "")
    color = next((c for c in COLORS if c.lower() == params.get("color", "").lower()), "")
    sort = params.get("sort", "featured")
    return Query(
        q=params.get("q", "")[:200],
        category=category,
        color=color,
        max_price_cents=parse_price(params.get("max_price")),
        sort=sort if sort in SORTS else "featured",
    )


def search(query: Query, products: tuple[Product, ...] = PRODUCTS) -> list[Product]:
    words = [w for w in _words(query.q) if w not in _STOP]
    found = [
        p for p in products
        if (not query.category or p.category == query.category)
        and (not query.color or p.color == query.color)
        and (query.max_price_cents is None or p.price_cents <= query.max_price_cents)
        and all(w in _haystack(p) for w in words)
    ]
    if query.sort == "price-asc":
        found.sort(key=lambda p: p.price_cents)
    elif query.sort == "price-desc":
        found.sort(key=lambda p: -p.price_cents)
    elif query.sort == "name":
        found.sort(key=lambda p: p.title)
    return found
