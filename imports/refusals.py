"""An upload's refused files in the language of the one looking: the
importer's reason codes (``articles.importer.file_reasons``) put in words
when they are shown, never when they are stored."""

from django.utils.translation import gettext

from articles.importer.file_reasons import wording


def refused_file(entry: dict) -> dict:
    """``{"name", "reason"}`` of a refused file as its upload stored it.

    Uploads refused before the reasons had codes stored an English sentence
    after the file's name: it is shown as it was stored, without the name.
    """
    name = entry.get("name", "")
    if "code" in entry:
        return {"name": name, "reason": wording(entry["code"], entry.get("params") or {}, gettext)}
    return {"name": name, "reason": entry.get("reason", "").removeprefix(f"{name}: ")}
