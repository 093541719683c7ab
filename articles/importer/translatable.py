"""Marks the importer's words for translation without Django.

The importer runs without Django and says what it found in English; the
import desk shows the same words in the editor's language. Wrapping a wording
in :func:`gettext_noop` puts it in the catalogue (``makemessages`` looks for
that name) and changes nothing here: it is translated where it is shown.
"""


def gettext_noop(message: str) -> str:
    return message
