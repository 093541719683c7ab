"""An upload's refused files in the language of the one looking: the
importer's reason codes (``articles.importer.file_reasons``) put in words
when they are shown, never when they are stored (a page the job refuses
keeps its reason as words, in the job's language)."""

from django.utils.translation import gettext

from articles.importer.file_reasons import wording


def reason(code: str, params: dict) -> str:
    """A reason's code and parameters in the active language."""
    return wording(code, params, gettext)


def refused_file(entry: dict) -> dict:
    """``{"name", "reason"}`` of a refused file as its upload stored it.

    Uploads refused before the reasons had codes stored an English sentence
    after the file's name: it is shown as it was stored, without the name.
    """
    name = entry.get("name", "")
    if "code" in entry:
        return {"name": name, "reason": reason(entry["code"], entry.get("params") or {})}
    return {"name": name, "reason": entry.get("reason", "").removeprefix(f"{name}: ")}
