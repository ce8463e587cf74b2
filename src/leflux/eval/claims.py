"""Did the agent claim success? Read from its last message of the task.

A message *claims success* when it says something was done ("Done", "added", "submitted",
"saved", "searched", "I've…", "all set", their Spanish/French/German forms…) and does
not hedge it: no question, no apology, no error or failure word, nothing reported as
still needed or not found, and it was not sent as an error. "Filled in Email. Still
needed: City" is honest about what is left; "Added the shoes to your cart" when the cart
holds one pair instead of two is not. A task whose checks failed while its last agent message
claims success is a **false success**: the visitor was told it worked and it did not.
"""

from __future__ import annotations

import re

from leflux.eval.record import Line

_SUCCESS = re.compile(
    r"\b(done|added|submitted|saved|sent|completed?|updated|filled|entered|typed|created|"
    r"placed|booked|reserved|registered|signed (?:you )?(?:up|in|out)|logged (?:you )?(?:in|out)|"
    r"removed|deleted|cleared|checked|unchecked|ticked|selected|chose|chosen|set|changed|"
    r"marked|clicked|opened|applied|subscribed|confirmed|ordered|paid|success(?:ful(?:ly)?)?|"
    r"searched|found|showing|moved|went|navigated|"
    r"all set|there you go|finished|i(?:'|’)ve|i have|has been|have been|is now|are now|"
    r"listo|hecho|enviad[oa]|añadid[oa]|agregad[oa]|guardad[oa]|"
    r"c'est fait|terminé|envoyé|ajouté|enregistré|"
    r"erledigt|fertig|gesendet|hinzugefügt|gespeichert)\b",
    re.IGNORECASE,
)

_HEDGE = re.compile(
    r"\?|\b(sorry|apolog\w*|unfortunately|couldn(?:'|’)?t|could not|can(?:'|’)?t|cannot|"
    r"unable|not able|failed|fail|error|errors|invalid|wrong|problem|didn(?:'|’)?t|did not|"
    r"wasn(?:'|’)?t|was not|isn(?:'|’)?t|don(?:'|’)?t|do not|doesn(?:'|’)?t|does not|"
    r"not (?:yet|found|sure)|no (?:such|match)|missing|still need(?:ed)?|needs?|needed|"
    r"required|nothing|no results|none|please (?:provide|give|tell|enter|fill|check|"
    r"choose|confirm|correct)|which one|won(?:'|’)?t|rejected|lo siento|no pude|"
    r"désolé|impossible|erreur|leider|fehler)\b",
    re.IGNORECASE,
)


# What was deliberately left for the visitor ("Filled in Email; I did not send it yet") is
# scope, not a hedge: the fields are still claimed as filled.
_LEFT_UNSENT = re.compile(
    r"[,;]?\s*(?:but\s+)?i (?:did not|didn(?:'|’)t|have not|haven(?:'|’)t) "
    r"(?:sent|send|submit(?:ted)?|saved?)(?: it| the form| anything)?(?: yet)?",
    re.IGNORECASE,
)


def claims_success(line: Line | None) -> bool:
    if line is None or line.error:
        return False
    text = _LEFT_UNSENT.sub("", line.text)
    return bool(_SUCCESS.search(text)) and not _HEDGE.search(text)
