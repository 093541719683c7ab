"""Marks the importer's words for translation without Django.

The importer runs without Django and says what it found in English; the
import desk shows the same words in the editor's language. Wrapping a wording
in :func:`gettext_noop` puts it in the catalogue (``makemessages`` looks for
that name) and changes nothing here: it is translated where it is shown.
"""


def gettext_noop(message: str) -> str:
    return message


def worded(wordings: dict[str, str], code: str, params: dict, translate=lambda message: message) -> str:
    """The wording of ``code`` with its parameters (``str.format``): English, or
    through ``translate`` (a gettext). A code not in ``wordings`` (stored by
    another version) is shown as it is."""
    template = wordings.get(code)
    if template is None:
        return code
    return translate(template).format(**params)
