from leflux.demo import catalog
from leflux.demo.catalog import Query, make_query, parse_price, search


def titles(q: Query) -> list[str]:
    return [p.title for p in search(q)]


def test_catalogue_is_a_real_shop() -> None:
    assert 10 <= len(catalog.PRODUCTS) <= 16
    assert len({p.slug for p in catalog.PRODUCTS}) == len(catalog.PRODUCTS)
    shoes = catalog.get_product("red-running-shoes")
    assert shoes is not None and shoes.price_cents == 4500 and shoes.price == "$45.00"
    assert all(p.category in catalog.CATEGORIES and p.color in catalog.COLORS
               for p in catalog.PRODUCTS)
    assert all(p.default_size in p.sizes for p in catalog.PRODUCTS if p.sizes)


def test_every_word_must_match_and_plurals_fold() -> None:
    assert titles(Query(q="red shoes")) == ["Red Running Shoes"]
    assert titles(Query(q="Red shoe")) == ["Red Running Shoes"]
    assert set(titles(Query(q="sneakers"))) >= {"Blue Trail Sneakers", "White Canvas Sneakers"}
    assert titles(Query(q="grey beanie")) == ["Gray Wool Beanie"]
    assert titles(Query(q="purple unicorn")) == []
    assert len(titles(Query(q="  "))) == len(catalog.PRODUCTS)


def test_filters_combine() -> None:
    assert titles(Query(category="Shoes", max_price_cents=5000)) == [
        "Red Running Shoes", "White Canvas Sneakers"]
    assert titles(Query(color="Red")) == ["Red Running Shoes", "Red Rain Jacket"]
    assert titles(Query(q="shoes", color="Red", max_price_cents=4499)) == []
    cheap_first = search(Query(sort="price-asc"))
    assert [p.price_cents for p in cheap_first] == sorted(p.price_cents for p in cheap_first)


def test_query_string_is_read_leniently() -> None:
    q = make_query({"q": "shoes", "category": "shoes", "color": "RED", "max_price": "$50",
                    "sort": "bogus"})
    assert (q.category, q.color, q.max_price_cents, q.sort) == ("Shoes", "Red", 5000, "featured")
    assert make_query({"category": "Weapons"}).category == ""
    assert parse_price("49,50") == 4950
    assert parse_price("abc") is None and parse_price("") is None and parse_price("-3") is None
