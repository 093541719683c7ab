"""Words that tie a phrase to the words before or after it.

A clause that opens with a subordinating or reporting word (由于…, 据…)
needs its main clause. A phrase that stops on a preposition, particle or
auxiliary (…有利于, …遭到, …的) needs what follows. One that starts with a
particle or a conjunction (着…, 的…, 和…) hangs on what precedes. Subheads
and title lines are both judged by these words.
"""

from __future__ import annotations

import re

CLAUSE_OPENERS = re.compile(
    r"^(?:由于|鉴于|据|随着|为了|对于|关于|根据|按照|通过|经过|因为|如果|虽然|尽管|即使|只要|除了)"
)
# Words a paragraph opens with only when text comes before it: connectives
# that tie a paragraph to the one before (此外, 同时, 因此…).  A news story's lead
# opens on its subject, its time or its place, never on these.
REFERS_BACK = re.compile(
    r"^(?:此外|另外|同时|但是|然而|而且|因此|所以|于是|为此|对此|此后|随后|其中|不过|当然|总之|可见)"
)
# The first clause of a sentence often sets its time, its frame or its
# speaker before the comma (案发后, 过去三年来, 在人生长途中, 王兆国说); a
# subhead's first half is a phrase of its own (惠及群众, 坚持人民至上).
SETTING_CLAUSE = re.compile(
    r"(?:说|指出|表示|认为|强调|证明|看来|以后|之后|后|以来|来|时|期间|之际|为止|年|月|日)$|^在.*[中上里]$"
)
OPEN_ENDINGS = frozenset("了的于因到和与及或在向对把被将从为而并但也都就还又才着过地得让使给所以其这那已正要会能可")
BOUND_STARTS = frozenset("的之地得着了过们和与及或而并且但也都就还又才所于")


def refers_back(text: str) -> bool:
    """``此外，…`` or ``因此…``: the words open on what came before them."""
    return bool(REFERS_BACK.match(text.strip()))


def needs_what_follows(text: str) -> bool:
    """``由于天气…`` or ``…有利于``: the words cannot end a phrase of their own."""
    text = text.strip()
    return bool(text) and (bool(CLAUSE_OPENERS.match(text)) or text[-1] in OPEN_ENDINGS)


def hangs_on_what_precedes(text: str) -> bool:
    """``着无限慈爱`` or ``和夫人``: the words cannot open a phrase of their own."""
    text = text.strip()
    return bool(text) and text[0] in BOUND_STARTS
