"""The per-language lexicons: every language has every table, words map where they should,
and the phrase tables match longest first on word boundaries."""

from __future__ import annotations

import tomllib

import pytest

from leflux.agent.planners.rules import lexicon as lx
from leflux.agent.planners.rules import phrases as ph
from leflux.agent.planners.rules.model import Act, ValueKind

SECTIONS = ("acts", "whole", "words", "kinds", "ordinals", "numbers", "fields", "synonyms",
            "dates", "times")


def raw(lang: str) -> dict:  # type: ignore[type-arg]
    with (lx.LEXICON_DIR / f"{lang}.toml").open("rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize("lang", lx.LANGS)
def test_every_language_has_every_table(lang: str) -> None:
    data, en = raw(lang), raw("en")
    assert data["lang"] == lang
    for section in SECTIONS:
        assert section in data, section
    for section in ("acts", "whole", "words", "kinds", "ordinals", "dates", "times"):
        missing = set(en[section]) - set(data[section])
        assert not missing, (section, missing)
    assert set(data["fields"]) >= {k.value for k in ValueKind} - {"number"}


@pytest.mark.parametrize("lang", lx.LANGS)
def test_acts_are_acts(lang: str) -> None:
    data = raw(lang)
    for key in [*data["acts"], *data["whole"]]:
        Act(key)


@pytest.mark.parametrize("lang", lx.LANGS)
def test_numbers_and_ordinals(lang: str) -> None:
    data = raw(lang)
    assert {int(k) for k in data["numbers"]} >= set(range(1, 21))
    lex = lx.lexicon(lang)
    assert {lex.ordinals.get(w) for ws in data["ordinals"].values() for w in ws} >= {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1}


VERBS = [
    ("en", Act.DELETE, ["delete", "remove", "get rid of", "take out", "trash", "erase"]),
    ("es", Act.DELETE, ["borrar", "eliminar", "quitar", "borra", "elimina", "quita"]),
    ("fr", Act.DELETE, ["supprimer", "enlever", "supprime", "enlève", "retire"]),
    ("de", Act.DELETE, ["löschen", "entfernen", "lösche", "entferne"]),
    ("en", Act.LOGOUT, ["log out", "sign out", "log me out", "logout", "log off"]),
    ("es", Act.LOGOUT, ["cerrar sesión", "cierra sesión", "cerrar sesion"]),
    ("fr", Act.LOGOUT, ["se déconnecter", "déconnecte-moi", "deconnexion"]),
    ("de", Act.LOGOUT, ["abmelden", "ausloggen", "melde mich ab"]),
    ("en", Act.BUY, ["buy", "purchase", "add to cart"]),
    ("es", Act.BUY, ["comprar", "compra"]),
    ("fr", Act.BUY, ["acheter", "achète", "commander"]),
    ("de", Act.BUY, ["kaufen", "kaufe", "bestellen"]),
    ("en", Act.SEARCH, ["search", "search for", "look for", "find"]),
    ("en", Act.SIGNUP, ["sign up", "sign me up", "register", "create an account"]),
    ("en", Act.LOGIN, ["log in", "sign in", "login", "log me in"]),
    ("en", Act.CONTACT, ["contact", "get in touch with"]),
]


@pytest.mark.parametrize(("lang", "act", "phrases"), VERBS)
def test_verbs(lang: str, act: Act, phrases: list[str]) -> None:
    lex = lx.lexicon(lang)
    for p in phrases:
        hit = lex.acts.match_start(ph.fold(p + " the thing"))
        assert hit is not None and hit.key == act, (p, hit)


FIELDS = [
    ("en", ["email", "e-mail", "email address"], ValueKind.EMAIL),
    ("es", ["correo", "correo electrónico"], ValueKind.EMAIL),
    ("fr", ["courriel", "adresse e-mail"], ValueKind.EMAIL),
    ("de", ["E-Mail-Adresse", "E-Mail"], ValueKind.EMAIL),
    ("en", ["surname", "last name", "family name"], ValueKind.LAST_NAME),
    ("es", ["apellido", "apellidos"], ValueKind.LAST_NAME),
    ("fr", ["nom de famille", "nom"], ValueKind.LAST_NAME),
    ("de", ["Nachname", "Familienname"], ValueKind.LAST_NAME),
    ("en", ["zip", "postcode", "postal code"], ValueKind.POSTAL_CODE),
    ("es", ["código postal"], ValueKind.POSTAL_CODE),
    ("fr", ["code postal"], ValueKind.POSTAL_CODE),
    ("de", ["PLZ", "Postleitzahl"], ValueKind.POSTAL_CODE),
    ("en", ["phone", "mobile", "telephone"], ValueKind.PHONE),
    ("es", ["teléfono", "móvil"], ValueKind.PHONE),
    ("fr", ["téléphone", "portable"], ValueKind.PHONE),
    ("de", ["Telefon", "Handy"], ValueKind.PHONE),
    ("en", ["billing email"], ValueKind.EMAIL),
]


@pytest.mark.parametrize(("lang", "names", "kind"), FIELDS)
def test_field_names(lang: str, names: list[str], kind: ValueKind) -> None:
    lex = lx.lexicon(lang)
    for name in names:
        assert lex.field_kind(name) == kind, name


@pytest.mark.parametrize(("lang", "word", "kind"), [
    ("en", "button", "button"), ("en", "link", "link"), ("en", "checkbox", "checkbox"),
    ("es", "botón", "button"), ("es", "enlace", "link"), ("fr", "bouton", "button"),
    ("fr", "lien", "link"), ("de", "Schaltfläche", "button"), ("de", "Knopf", "button")])
def test_kinds(lang: str, word: str, kind: str) -> None:
    assert lx.lexicon(lang).kinds.get(word) == kind


def test_fold_keeps_length_and_drops_accents() -> None:
    for text in ("Élimine ÇA", "Straße", "“quoted” it’s", "İstanbul", "日本語"):
        assert len(ph.fold(text)) == len(text)
    assert ph.fold("Élimine ÇA") == "elimine ca"
    assert ph.fold("“hi” it’s") == '"hi" it\'s'


def test_phrase_table_longest_first_gaps_and_ends() -> None:
    t = ph.PhraseTable([("check", "a"), ("check out", "b"), ("take * out", "c"),
                        ("take out", "d"), ("please", "e")])
    assert t.match_start("check out now").key == "b"  # type: ignore[union-attr]
    assert t.match_start("checked") is None
    hit = t.match_start("take the hoodie out of my cart")
    assert hit is not None and hit.key == "c" and hit.gap == (5, 15)
    assert t.match_start("take out the trash").key == "d"  # type: ignore[union-attr]
    end = t.match_end("do it please")
    assert end is not None and end.key == "e" and end.start == 6
    assert [h.key for h in t.find_all("check out and check please")] == ["b", "a", "e"]
    assert t.match_start("  check", 0) is not None
    assert t.match_start("x check", 0) is None


def test_lookups_for_later_steps() -> None:
    assert lx.stem("shipping") == lx.stem("shipped") == "ship"
    assert "cart" in lx.synonyms("basket")
    assert "add to cart" in lx.control_words(Act.BUY)
    assert {"delete", "remove"} <= lx.control_words(Act.DELETE)
    assert "cerrar sesion" in lx.control_words(Act.LOGOUT, "es")
    assert lx.number("twelve") == 12 and lx.number("zwei", "de") == 2 and lx.number("7") == 7
    assert lx.number("shoe") is None
    assert lx.number("second") == 2 and lx.number("segundo", "es") == 2
    assert lx.number("last") is None
    assert lx.ordinal("second") == 2 and lx.ordinal("dernière", "fr") == -1
    assert "the" in lx.stopwords() and "der" in lx.stopwords("de")


@pytest.mark.parametrize(("sentence", "lang", "kind"), [
    ("Email is required", "en", "error"), ("Please enter a valid email", "en", "error"),
    ("Thanks, we got your message", "en", "success"),
    ("Your order has been placed", "en", "success"),
    ("Signed in as Maria Lopez Sign out", "en", None), ("Free shipping over $75", "en", None),
    ("El correo es obligatorio", "es", "error"), ("Gracias, hemos recibido tu mensaje", "es",
                                                   "success"),
    ("Le champ e-mail est obligatoire", "fr", "error"), ("Merci pour votre commande", "fr",
                                                         "success"),
    ("Die E-Mail-Adresse ist ungültig", "de", "error"), ("Vielen Dank für Ihre Bestellung",
                                                        "de", "success"),
    ("Thank you for your order", "es", "success")])  # an English page, a Spanish visitor
def test_outcome_kind(sentence: str, lang: str, kind: str | None) -> None:
    assert lx.outcome_kind(sentence, lang) == kind


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no lexicon"):
        lx.lexicon("xx")


@pytest.mark.parametrize("lang", lx.LANGS)
def test_each_lexicon_file_is_parsed_once_for_every_step_that_reads_it(lang: str) -> None:
    from leflux.agent.planners.rules.rowvalues import raw_words

    data = lx.lexicon_data(lang)
    assert data == raw(lang)  # the file as written
    assert lx.lexicon_data(lang) is data
    # A section read as written is the shared parse's, not the file read again.
    assert raw_words(lang, "feedback") is data["feedback"]


@pytest.mark.parametrize("name", ["english", "spanish", "french", "german"])
def test_a_languages_stemmer_is_snowballstemmers(name: str) -> None:
    import snowballstemmer

    from leflux.agent.planners.rules.snowball import stemmer

    words = ["shipping", "envíos", "livraisons", "Lieferungen", "running", "cheapest"]
    assert stemmer(name).stemWords(words) == snowballstemmer.stemmer(name).stemWords(words)
