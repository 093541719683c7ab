"""The admin's Chinese is complete: every message the project's own code marks
for translation has a checked Chinese translation, and the committed .mo says
what the .po says. Read without gettext's tools, which CI does not install.

After adding or changing a message, regenerate the catalogue, translate the
new entries (remove any ``#, fuzzy`` flag: Django ignores fuzzy entries) and
compile it:

    .venv/bin/python manage.py makemessages -l zh_Hans --ignore '.venv/*' \\
        --ignore 'node_modules/*' --ignore 'var/*' --ignore 'tests/*' \\
        --ignore 'bench/*' --no-obsolete
    msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.catalogue import parse_po, placeholders, project_messages

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
# The folders the makemessages command above ignores, and hidden ones.
NOT_THE_PROJECTS = {".venv", "node_modules", "var", "tests", "bench"}
REGENERATE = "regenerate with the makemessages command in tests/test_catalogue.py's docstring"


@pytest.fixture(scope="module")
def entries():
    return [e for e in parse_po((CATALOGUE / "django.po").read_text(encoding="utf-8")) if e.msgid]


def _show(keys):
    return "\n".join(f"{ctxt + ' | ' if ctxt else ''}{msgid!r}" for ctxt, msgid in sorted(keys, key=str))


def test_every_message_of_the_code_is_in_the_catalogue(entries):
    missing = set(project_messages(ROOT, NOT_THE_PROJECTS)) - {e.key for e in entries}
    assert not missing, f"not in the zh_Hans catalogue ({REGENERATE}, then translate):\n{_show(missing)}"


def test_the_catalogue_holds_only_messages_the_code_uses(entries):
    stale = {e.key for e in entries} - set(project_messages(ROOT, NOT_THE_PROJECTS))
    obsolete = {e.key for e in entries if e.obsolete}
    assert not stale | obsolete, f"entries no code uses ({REGENERATE}):\n{_show(stale | obsolete)}"


def test_every_entry_is_translated_and_none_is_fuzzy(entries):
    untranslated = {e.key for e in entries if not e.translated}
    fuzzy = {e.key for e in entries if "fuzzy" in e.flags}
    assert not untranslated, f"untranslated (Django shows the English):\n{_show(untranslated)}"
    assert not fuzzy, f"fuzzy (Django ignores these; translate them and drop the flag):\n{_show(fuzzy)}"


def test_translations_keep_every_placeholder(entries):
    wrong = {
        e.key: msgstr
        for e in entries
        if "python-format" in e.flags
        for msgstr in e.msgstr
        if placeholders(msgstr) != placeholders(e.msgid_plural or e.msgid)
    }
    assert not wrong, f"placeholders changed in translation: {wrong}"


def test_the_compiled_catalogue_is_the_po_as_it_stands(entries):
    """msgfmt leaves out untranslated and fuzzy entries; the rest must be in
    the committed .mo exactly, and nothing else."""
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    expected = {}
    for e in entries:
        if not e.translated or "fuzzy" in e.flags:
            continue
        msgid = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is None:
            expected[msgid] = e.msgstr[0]
        else:
            expected.update({(msgid, n): text for n, text in enumerate(e.msgstr)})
    compiled = {key: text for key, text in compiled.items() if key != ""}  # "" is the header
    differ = {k for k in expected.keys() | compiled.keys() if expected.get(k) != compiled.get(k)}
    assert not differ, (
        "django.mo differs from django.po; compile it with "
        "msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po: "
        f"{sorted(differ, key=str)[:10]}"
    )


def test_the_reader_parses_what_makemessages_writes():
    po = r"""msgid ""
msgstr "Language: zh_Hans\n"

#: a.py:1
#, fuzzy, python-format
#| msgid "old"
msgid ""
"%(n)s long "
"\"line\""
msgstr "%(n)s 长行"

msgctxt "imported page status"
msgid "Imported"
msgid_plural "Imported ones"
msgstr[0] ""

#~ msgid "gone"
#~ msgstr "旧"
"""
    header, long, plural, gone = parse_po(po)
    assert header.msgstr == ["Language: zh_Hans\n"]
    assert (long.msgid, long.msgstr, long.flags) == ('%(n)s long "line"', ["%(n)s 长行"], {"fuzzy", "python-format"})
    assert plural.key == ("imported page status", "Imported") and not plural.translated
    assert gone.obsolete and gone.msgid == "gone"
    assert placeholders("%(b)s then %(a)d, 100%%") == ["a:d", "b:s"] != placeholders("%(a)s")


def test_the_finder_reads_code_and_templates_as_xgettext_does(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(
        "from django.utils.translation import gettext as _, pgettext_lazy\n"
        '_("One" " line")\nt.ngettext("%(n)d story", "%(n)d stories", n)\n'
        'pgettext_lazy("menu", "Open")\n_(f"{x} not a literal")\n_(name)\n',
        encoding="utf-8",
    )
    (tmp_path / "app" / "page.html").write_text(
        '{% load i18n %}\n  <p>{% translate "Home" %}</p>\n'
        "    {% blocktranslate with who=user|default:_('someone') %}By {{ who }}{% endblocktranslate %}\n",
        encoding="utf-8",
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text('_("Ignored")\n', encoding="utf-8")
    found = project_messages(tmp_path, {"tests"})
    assert set(found) == {
        (None, "One line"),
        (None, "%(n)d story"),
        ("menu", "Open"),
        (None, "Home"),
        (None, "someone"),
        (None, "By %(who)s"),
    }


@pytest.mark.django_db
def test_the_project_s_apps_and_models_are_named_in_chinese():
    """Their names show up in the admin's content-type filters and the
    permission lists (``app | model``): an English name there is untranslated."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import translation

    own = {"articles", "people", "review", "imports", "caching"}
    with translation.override("zh-hans"):
        names = [str(ct) for ct in ContentType.objects.filter(app_label__in=own)]
    assert names and not [name for name in names if re.search(r"[A-Za-z]", name)]
