"""Forms filled as a person fills them (formfill, options, flows), on page contexts captured
with window.LeFlux.getContext() in Chromium from the eval corpus (tests/unit/rules/form_pages).

Each case is the first plan for a visitor message: the steps in page order, and whether the
form's own button is pressed (only when asked, when the request is a whole flow, or when the
form keeps settings with a Save button).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from leflux.agent.planner import PlanActions, PlanRequest, ShowBlock, TextDelta
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext
from tests.support.memory import worked

T = tuple[str, int | None, str | None]


@cache
def context(name: str) -> PageContext:
    path = Path(__file__).parent / "form_pages" / f"{name}.json"
    return PageContext.model_validate(json.loads(path.read_text()))


def first_plan(name: str, text: str) -> tuple[list[T], str, list[ShowBlock]]:
    req = PlanRequest(visitor_text=text, goal=text, context=context(name), history=[],
                      memory=[], site=SiteInfo(name="t"), planner_state={})
    events = decide(req)
    steps = [(s.action, s.elementId, s.inputData) for e in events
             if isinstance(e, PlanActions) for s in e.steps]
    said = "".join(e.text for e in events if isinstance(e, TextDelta))
    return steps, said, [e for e in events if isinstance(e, ShowBlock)]


# settings_account: Display name (8), Email (10), Language (11), Time zone (12), switches
# Email notifications on (13), Push (14), Weekly digest (15), Product news & offers on (16,
# "Marketing emails about new features"), theme radios Light (17) / Dark (18) / Match system
# (19), "Save changes" (20), "Delete account" (21).
PERMIT = ("I'd like a resident parking permit. I'm Ana Lopez, born 14 July 1988, I do live in "
          "the zone, my car is CV17 XYZ, email ana.lopez@example.com, and 12 months please. "
          "Send it off when it's all filled in.")


@pytest.mark.parametrize(("page", "text", "expected"), [
    # Changing a setting means saving it.
    ("settings_account", "turn off marketing emails", [("uncheck", 16, None),
                                                       ("click", 20, None)]),
    ("settings_account", "switch the language to Spanish please",
     [("select", 11, "Español"), ("click", 20, None)]),
    ("settings_account", "stell die Sprache auf Deutsch um",
     [("select", 11, "Deutsch"), ("click", 20, None)]),
    ("settings_account", "i want dark mode", [("check", 18, None), ("click", 20, None)]),
    ("settings_account", "enable push notifications and the weekly digest",
     [("check", 14, None), ("check", 15, None), ("click", 20, None)]),
    ("settings_account", "dark theme, timezone new york, and turn off email notifications. "
                         "save it",
     [("select", 12, "(UTC\u221205:00) Eastern Time (US & Canada)"), ("uncheck", 13, None),
      ("check", 18, None), ("click", 20, None)]),
    # ... but not when they said not to.
    ("settings_account", "pick German as the language but don't save yet",
     [("select", 11, "Deutsch")]),
    # settings_privacy: switches Show when I'm online (1, on), Let people find me by my phone
    # number (3, on), Personalised ads (4, on), Read receipts (5); Who can see your profile
    # (6); Sign me out after this many minutes of inactivity (11); "Save changes" (12).
    ("settings_privacy", "turn on read receipts and hide my online status",
     [("uncheck", 1, None), ("check", 5, None), ("click", 12, None)]),
    ("settings_privacy", "make my profile visible to friends only",
     [("select", 6, "Friends only"), ("click", 12, None)]),
    ("settings_privacy", "i dont want people finding me by my phone number",
     [("uncheck", 3, None), ("click", 12, None)]),
    ("settings_privacy", "sign me out after 15 minutes of inactivity",
     [("type", 11, "15"), ("click", 12, None)]),
    # the act said in other words than the label's ("log me out": "Sign me out ...")
    ("settings_privacy", "log me out after 20 minutes idle",
     [("type", 11, "20"), ("click", 12, None)]),
    # a setting named in the visitor's language on a page in English ("anuncios": ads)
    ("settings_privacy", "desactiva los anuncios personalizados y guarda",
     [("uncheck", 4, None), ("click", 12, None)]),
    ("settings_privacy", "désactive les publicités personnalisées et enregistre",
     [("uncheck", 4, None), ("click", 12, None)]),
    ("settings_privacy", "deaktiviere personalisierte Werbung und speichere",
     [("uncheck", 4, None), ("click", 12, None)]),
    # checkout_promo: payment radios Credit card (13, on) / Debit card (14) / PayPal (15); a
    # promo code form of its own (21) with "Redeem" (23).
    ("checkout_promo", "Could you switch the payment to my debit card, please?",
     [("check", 14, None)]),
    ("checkout_promo", "i wanna pay with paypal", [("check", 15, None)]),
    ("checkout_promo", "apply promo code SPRING10", [("type", 21, "SPRING10"),
                                                     ("click", 23, None)]),
    ("checkout_promo", "i have a code: freeship", [("type", 21, "freeship"),
                                                   ("click", 23, None)]),
    # Log in: the password after a slash, an email never into a plain username field.
    ("auth_login", "log me in: maria@example.com / Tulip-2024",
     [("type", 1, "maria@example.com"), ("type", 3, "Tulip-2024"), ("click", 7, None)]),
    ("auth_signin", "log in li.wei with Panda2027",
     [("type", 1, "li.wei"), ("type", 2, "Panda2027"), ("click", 6, None)]),
    ("auth_signin", "my email is jdoe@example.com and my password is hunter22, log me in",
     [("type", 2, "hunter22")]),
    # "show password": the control the verb names too, not "Forgot password?".
    ("auth_signin", "show password", [("click", 3, None)]),
    # A box named in the visitor's language, quoted ("se souvenir de moi": "Remember me").
    ("auth_login", "Connecte-moi avec sam.lee@example.org, mot de passe \u00ab correct horse "
                   "\u00bb, et coche \u00ab se souvenir de moi \u00bb",
     [("type", 1, "sam.lee@example.org"), ("type", 3, "correct horse"), ("check", 5, None),
      ("click", 7, None)]),
    # Details for the page a link names with all its words: the link first.
    ("auth_login", "i forgot my password, my email is k.ito@example.jp. can you send me the "
                   "reset thing", [("click", 6, None)]),
    # Sign up: first/last name split, the password twice, the terms the visitor accepted.
    ("auth_signup", "Crea mi cuenta: Luc\u00eda Fern\u00e1ndez, lucia.f@example.es, "
                    "tel\u00e9fono +34 612 345 678, contrase\u00f1a Girasol2027. Acepto los "
                    "t\u00e9rminos y quiero recibir el bolet\u00edn.",
     [("type", 2, "Luc\u00eda"), ("type", 4, "Fern\u00e1ndez"), ("type", 5, "lucia.f@example.es"),
      ("type", 6, "+34 612 345 678"), ("type", 7, "Girasol2027"), ("type", 9, "Girasol2027"),
      ("check", 11, None), ("check", 14, None), ("click", 15, None)]),
    ("auth_signup", "sign me up as Ahmed Khan, ahmed@example.com, phone +1 415 555 0100, "
                    "password Desert2027, i accept the terms",
     [("type", 2, "Ahmed"), ("type", 4, "Khan"), ("type", 5, "ahmed@example.com"),
      ("type", 6, "+1 415 555 0100"), ("type", 7, "Desert2027"), ("type", 9, "Desert2027"),
      ("check", 11, None), ("click", 15, None)]),
    ("auth_signup", "subscribe me to the newsletter too", [("check", 14, None)]),
    # A newsletter: the box that subscribes is what "sign me up" asks for; options named.
    ("contact_newsletter", "subscribe me - veg and houseplants, monthly please. "
                           "email kim@example.org, name Kim",
     [("type", 1, "kim@example.org"), ("type", 3, "Kim"), ("check", 4, None), ("check", 6, None),
      ("check", 10, None), ("check", 11, None), ("click", 13, None)]),
    ("contact_newsletter", "Suscr\u00edbeme con lucia@example.es, me interesan las flores, y "
                           "prefiero el resumen mensual",
     [("type", 1, "lucia@example.es"), ("check", 5, None), ("check", 10, None),
      ("check", 11, None), ("click", 13, None)]),
    # A rating said with the send; "call me back" is a phone reply, not a name's intro; the
    # topic is what the message is about ("keeps dropping": a technical problem).
    ("contact_feedback", "Send feedback: 4 stars, and I'd like a reply at marek.fan@example.com",
     [("check", 3, None), ("type", 17, "marek.fan@example.com"), ("click", 18, None)]),
    ("contact_support", "my internet keeps dropping every evening, can you contact support for "
                        "me? I'm Tom Reid, tom.reid@example.com. they should call me back on "
                        "07700 900456",
     [("select", 6, "Technical problem or slow speeds"), ("type", 9, "Tom Reid"),
      ("type", 10, "tom.reid@example.com"), ("type", 11, "07700 900456"), ("check", 13, None),
      ("type", 14, "My internet keeps dropping every evening"),
      ("type", 15, "my internet keeps dropping every evening"), ("click", 16, None)]),
    ("contact_newsletter", "i'm into wildlife gardening and flowers",
     [("check", 5, None), ("check", 8, None)]),
    # Feedback: a star rating of symbol-labelled radios, tags and a yes/no by its question.
    ("contact_feedback", "the parcel was late and damaged. 1 star. and no i wouldn't "
                         "recommend you. send it",
     [("check", 6, None), ("check", 10, None), ("check", 11, None), ("check", 15, None),
      ("click", 18, None)]),
    ("contact_feedback", "rate it 2 stars but don't send yet", [("check", 5, None)]),
    # A message form: labelled by the words before quotes; the topic named in passing.
    ("contact_support", "send a message to support: topic billing, I'm Ana Lopez, "
                        "ana@example.com, subject 'Charged twice', message 'I was charged "
                        "twice for my November bill, please refund one payment.'",
     [("select", 6, "Billing and payments"), ("type", 9, "Ana Lopez"),
      ("type", 10, "ana@example.com"), ("type", 14, "Charged twice"),
      ("type", 15, "I was charged twice for my November bill, please refund one payment."),
      ("click", 16, None)]),
    ("contact_support", "write in the message box that I'm moving to 14 Elm Road on 3 "
                        "February. don't send it yet",
     [("select", 6, "Moving home"), ("type", 15, "I'm moving to 14 Elm Road on 3 February.")]),
    # A date of birth over day / month / year fields; "continue" presses the form's button.
    ("gov_forms_permit_dob", "born 14/07/1988",
     [("type", 5, "14"), ("type", 7, "7"), ("type", 8, "1988")]),
    ("gov_forms_permit_dob", "I was born on 2 May 2012. Continue please",
     [("type", 5, "2"), ("type", 7, "5"), ("type", 8, "2012"), ("click", 9, None)]),
    ("gov_forms_permit_zone", "yes, I live in the zone. continue",
     [("check", 5, None), ("click", 8, None)]),
    # A statement that restates a yes/no question answers it (negated: no).
    ("gov_forms_permit_zone", "I do live in the zone", [("check", 5, None)]),
    ("gov_forms_permit_zone", "I don't live in the zone, continue",
     [("check", 7, None), ("click", 8, None)]),
    # A label that opens the sentence, or shortens the field's label (reg, NI); "next".
    ("gov_forms_permit_vehicle", "reg is ab12 cde, continue",
     [("type", 5, "ab12 cde"), ("click", 7, None)]),
    ("gov_forms_vote_nino", "my NI number is qq 12 34 56 c, next",
     [("type", 3, "qq 12 34 56 c"), ("click", 5, None)]),
    # "pick No": the option labelled No (a little word elsewhere); "don't go on": not sent.
    ("gov_forms_permit_zone", "pick No for now but don't go on yet", [("check", 7, None)]),
    ("gov_forms_permit_zone", "choose yes", [("check", 5, None)]),
    # A sign-up on a form of steps, no sign-up form: its details step by step ("irlandesa":
    # Irish); the service's name links to this very page ("#nationality"), not elsewhere.
    ("gov_forms_vote_nationality", "Quiero registrarme para votar: soy irlandesa, me llamo "
     "Siobhán Kelly, nací el 2 de febrero de 1995. Envíalo.", [("check", 4, None),
                                                               ("click", 6, None)]),
    # A yes/no answered in the visitor's language ("nein": No).
    ("gov_forms_permit_zone", "Nein, ich wohne nicht in der Zone. Weiter bitte.",
     [("check", 7, None), ("click", 8, None)]),
    # A look-up button the words or a value with no field yet name ("Find address").
    ("gov_forms_vote_address", "my postcode is NB2 7HL, it's 3 Orchard Close. continue",
     [("type", 3, "NB2 7HL"), ("click", 5, None)]),
    ("gov_forms_vote_address", "postcode NB9 9ZZ, find my address please",
     [("type", 3, "NB9 9ZZ"), ("click", 5, None)]),
    ("gov_forms_vote_addresses", "my postcode is NB2 7HL, it's 3 Orchard Close. continue",
     [("select", 6, "3 Orchard Close, Northbridge"), ("click", 7, None)]),
    # "ok send it" on answers to check: the one form, which holds only its button.
    ("gov_forms_permit_check", "ok send it", [("click", 11, None)]),
    # A form of steps: the page's one button starts it, each step takes what fits it and
    # goes on, the rest waits for its step.
    ("gov_forms_permit_start", PERMIT, [("click", 4, None)]),
    ("gov_forms_permit_name", PERMIT, [("type", 5, "Ana"), ("type", 7, "Lopez"),
                                       ("click", 8, None)]),
    ("gov_forms_permit_length", PERMIT, [("check", 8, None), ("click", 9, None)]),
    # (the zone's Yes chosen by one clause and restated by the next: still the one step)
    ("gov_forms_permit_zone", PERMIT, [("check", 5, None), ("click", 8, None)]),
    ("gov_forms_permit_length", "6 months please, then continue",
     [("check", 7, None), ("click", 9, None)]),
    # A comment for a form that is about more than it: filled, not sent.
    ("contact_feedback", "add a comment: left it behind the bins, which was fine",
     [("type", 13, "left it behind the bins, which was fine")]),
    # A booking: the birthday to the date of birth, the other date to the appointment.
    ("booking_doctor", "my date of birth is 3rd Feb 1975", [("type", 13, "1975-02-03")]),
    ("booking_doctor", "i want a phone appointment for some new symptoms, don't send it yet",
     [("check", 5, None), ("select", 7, "New symptoms")]),
    # Words said as they are beat a synonym ("video call", not the "phone" radio); a role
    # before a name labels it ("Patient Kenji Sato"); with no verb, a request that names a
    # kind of what the button makes ("Video call" of "Appointment type") asks for it
    # ("a new patient" is no verb).
    ("booking_doctor", "video call with Dr Rivera for a prescription review, Wednesday 20 "
                       "January 2027 at 2:30pm. Patient Kenji Sato, dob 1975-02-03, 555 0147. "
                       "He's a new patient",
     [("check", 4, None), ("select", 6, "Dr. Tom\u00e1s Rivera (GP)"),
      ("select", 7, "Prescription review"), ("type", 8, "2027-01-20"), ("type", 9, "14:30"),
      ("type", 11, "Kenji"), ("type", 12, "Sato"), ("type", 13, "1975-02-03"),
      ("type", 14, "555 0147"), ("check", 15, None), ("click", 16, None)]),
    # A request with no verb that names what the form's button makes ("rendez-vous" for
    # "Request appointment") is that request; a spoken time ("quarter past ten").
    ("booking_doctor", "Je voudrais un rendez-vous en personne avec le Dr Okafor pour un bilan "
                       "de sant\u00e9, le vendredi 7 mai 2027 \u00e0 11h. Je m'appelle Claire "
                       "Martin, n\u00e9e le 9 septembre 1990, t\u00e9l. 06 12 34 56 78.",
     [("select", 6, "Dr. Amara Okafor (GP)"), ("select", 7, "Routine check-up"),
      ("type", 8, "2027-05-07"), ("type", 9, "11:00"), ("type", 11, "Claire"),
      ("type", 12, "Martin"), ("type", 13, "1990-09-09"), ("type", 14, "06 12 34 56 78"),
      ("click", 16, None)]),
    ("booking_doctor", "set the date to 2 April 2027 and the time to quarter past ten",
     [("type", 8, "2027-04-02"), ("type", 9, "10:15")]),
    # "add a note that ...": what the note says, into the form's free-text box.
    ("booking_restaurant", "add a note that one guest has a nut allergy and we need a high "
                           "chair",
     [("type", 16, "one guest has a nut allergy and we need a high chair")]),
    # A whole name over first / middle / last name fields.
    ("gov_forms_vote_name", "my full name is In\u00eas Maria Costa",
     [("type", 3, "In\u00eas"), ("type", 5, "Maria"), ("type", 6, "Costa")]),
    # A German separable verb around its details ("melde mich ... an").
    ("auth_signin", "Melde mich bitte als li.wei mit dem Passwort Panda#2027 an",
     [("type", 1, "li.wei"), ("type", 2, "Panda#2027"), ("click", 6, None)]),
    # An English page's options named in the visitor's language; a whole name labelled
    # "Nom"; "objet" is the subject; a send after a quoted message.
    ("contact_support", "Thema Abrechnung, Name Jonas Weber, E-Mail jonas@example.de \u2013 "
                        "noch nicht absenden",
     [("select", 6, "Billing and payments"), ("type", 9, "Jonas Weber"),
      ("type", 10, "jonas@example.de")]),
    ("contact_support", "Je veux r\u00e9silier mon contrat. Nom : Claire Martin, e-mail "
                        "claire.martin@example.fr, objet : R\u00e9siliation, message : "
                        "\u00ab Bonjour, je souhaite r\u00e9silier mon contrat. Merci. \u00bb "
                        "Envoie-le.",
     [("select", 6, "Cancelling my contract"), ("type", 9, "Claire Martin"),
      ("type", 10, "claire.martin@example.fr"), ("type", 14, "R\u00e9siliation"),
      ("type", 15, "Bonjour, je souhaite r\u00e9silier mon contrat. Merci."),
      ("click", 16, None)]),
    # Sentences that say things: each names its options ("Not sure" for "je ne sais pas"),
    # a word two options share ("left") names neither.
    ("contact_feedback", "Je donne 3 \u00e9toiles. Le colis a \u00e9t\u00e9 laiss\u00e9 en "
                         "lieu s\u00fbr. Je ne sais pas si je vous recommanderais. Envoie.",
     [("check", 4, None), ("check", 9, None), ("check", 16, None), ("click", 18, None)]),
])
def test_first_plan(page: str, text: str, expected: list[T]) -> None:
    assert first_plan(page, text)[0] == expected


@pytest.mark.parametrize("text", ["log me out after 2 minutes idle",
                                  "sign me out after 500 minutes of inactivity"])
def test_a_number_outside_the_fields_bounds_is_told_not_typed(text: str) -> None:
    """The field's own min / max (5 to 120): its limit said, nothing typed or saved."""
    steps, said, _ = first_plan("settings_privacy", text)
    assert steps == [] and "from 5 to 120" in said


def test_an_address_two_options_name_as_well_is_not_chosen() -> None:
    """'22 Mill Lane' names "Flat 1, 22 Mill Lane" and "Flat 2, 22 Mill Lane" as well:
    neither is chosen (a wrong flat is worse than a question); "Flat 2, ..." is."""
    ctx = context("gov_forms_vote_addresses")
    flats = ["Flat 1, 22 Mill Lane, Northbridge", "Flat 2, 22 Mill Lane, Northbridge",
             "24 Mill Lane, Northbridge"]
    els = [e.model_copy(update={"options": [o.model_copy(update={
        "value": t, "text": t, "selected": False}) for o, t in zip(
            e.options[1:], flats, strict=False)]}) if e.options else e
        for e in ctx.indexedElements]
    page_ = ctx.model_copy(update={"indexedElements": els})
    from leflux.agent.planners.rules.elements import Page
    from leflux.agent.planners.rules.fields import choose_option
    (select,) = [el for el in Page(page_).fields if el.is_select]
    assert choose_option(select, "22 Mill Lane") == (0.0, "")
    assert choose_option(select, "Flat 2, 22 Mill Lane")[1] == flats[1]


def test_unplaced_details_are_said_and_the_flow_is_not_sent() -> None:
    steps, said, _ = first_plan("auth_signin", "my email is jdoe@example.com and my password "
                                               "is hunter22, log me in")
    assert ("click", 6, None) not in steps
    assert "jdoe@example.com" in said


def test_a_sent_form_shows_its_summary_with_secrets_masked() -> None:
    _, _, blocks = first_plan("auth_login", "log me in: maria@example.com / Tulip-2024")
    (summary,) = [b for b in blocks if b.block_type == "form_summary"]
    values = {f["label"]: f["value"] for f in summary.data["fields"]}
    assert values["Email address"] == "maria@example.com"
    assert "Tulip" not in json.dumps(summary.data)


def test_a_log_in_without_credentials_asks_for_them() -> None:
    steps, said, _ = first_plan("auth_login", "log me in")
    assert steps == [] and "Email address" in said and "Password" in said


def test_a_full_name_fills_first_middle_and_last_names() -> None:
    from leflux.agent.planners.rules.elements import Page
    from leflux.agent.planners.rules.fields import assign
    from leflux.agent.planners.rules.understand import understand

    els = [{"id": 1, "tag": "input", "type": "text", "label": "First names", "formId": 9},
           {"id": 2, "tag": "input", "type": "text", "label": "Middle names (if you have any)",
            "formId": 9},
           {"id": 3, "tag": "input", "type": "text", "label": "Surname", "formId": 9}]
    page = Page(PageContext.model_validate({"url": "https://x.test/", "title": "t",
                                            "indexedElements": els, "visibleText": ""}))
    got = assign(understand("my full name is Inês Maria Costa").values, page, page.fields)
    assert [(a.el.id, a.text) for a in got] == [(1, "Inês"), (2, "Maria"), (3, "Costa")]


def test_a_fill_only_result_says_the_form_is_not_sent_yet() -> None:
    from leflux.agent.planner import FinishTask
    from leflux.agent.planners.rules import pipeline
    from leflux.agent.planners.rules.elements import Page
    from leflux.agent.planners.rules.state import PlannerState
    from leflux.agent.planners.rules.understand import understand

    st = PlannerState()
    ctx = context("booking_doctor")
    assert pipeline.start(understand("my date of birth is 3rd Feb 1975"), Page(ctx), st)
    after = ctx.model_copy(deep=True)
    next(e for e in after.indexedElements if e.id == 13).value = "1975-02-03"
    out = pipeline.resume(Page(after), st, worked())
    (done,) = [e for e in out if isinstance(e, FinishTask)]
    assert done.message.startswith("Filled in Date of birth; I did not send it yet.")


def test_a_table_asked_for_is_booked_under_the_name_given() -> None:
    from datetime import date

    steps, _, _ = first_plan("booking_restaurant", "table for two next saturday at 8pm please, "
                                                   "under Sam, 555-0142")
    (day,) = [x for a, i, x in steps if i == 5]
    assert date.fromisoformat(day or "").weekday() == 5  # a Saturday
    assert [st for st in steps if st[1] != 5] == [
        ("select", 7, "20:00"), ("type", 12, "Sam"), ("type", 13, "555-0142"), ("click", 17, None)]
    # the same details with a verb that says what to do are only filled in
    steps, _, _ = first_plan("booking_restaurant", "fill in next saturday at 8pm, under Sam, "
                                                   "555-0142")
    assert ("click", 17, None) not in steps


def test_a_form_filled_with_all_it_needs_is_offered_to_be_sent() -> None:
    from leflux.agent.planners.rules.elements import Page
    from leflux.agent.planners.rules.formfill import plan_run
    from leflux.agent.planners.rules.understand import understand

    page = Page(context("booking_doctor"))
    # (no verb, and no word of what the button makes: "video call ..." would ask for it)
    full = plan_run(0, understand("with Dr Rivera for a prescription review, "
                                  "Wednesday 20 January 2027 at 2:30pm. Patient Kenji Sato, dob "
                                  "1975-02-03, 555 0147. He's a new patient"), page)
    assert full is not None and full.did.endswith(
        "I did not send it yet. Shall I press \u201cRequest appointment\u201d?")
    part = plan_run(0, understand("my date of birth is 3rd Feb 1975"), page)
    assert part is not None and "Shall I" not in part.did  # the rest is still needed


def test_the_last_step_of_a_form_is_sent_when_asked() -> None:
    from leflux.agent.planners.rules.elements import Page
    from leflux.agent.planners.rules.formfill import STEP_PHASE, plan_run
    from leflux.agent.planners.rules.understand import understand

    check = Page(context("gov_forms_permit_check"))  # "Accept and send", no fields
    sent = plan_run(0, understand(PERMIT), check, stepping=True)
    assert sent is not None and [(s.action, s.elementId) for s in sent.steps] == [("click", 11)]
    assert sent.phase != STEP_PHASE and sent.did == "I sent the form"
    # one step asked for ("..., continue"): the next page has nothing for it
    dob = Page(context("gov_forms_permit_dob"))
    on = plan_run(0, understand("my name is Ana Lopez, continue"), dob, stepping=True)
    assert on is not None and on.phase == STEP_PHASE and all(
        s.action == "click" for s in on.steps)
