"""`import_print_page`: the dry run's JSON, saving, re-importing, and bad input."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Byline, Edition, Photo, PrintPage
from people.models import Alias, Mention, Person
from tests.importer.test_save import LONG_DATELINE

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt"
ARTICLE_KEYS = [
    "kind",
    "kicker",
    "headline",
    "subtitle",
    "dateline",
    "bylines",
    "blocks",
    "people",
    "confidence",
    "warnings",
]


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_print_page", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _snapshot():
    return (
        Article.objects.count(),
        Byline.objects.count(),
        Person.objects.count(),
        Mention.objects.count(),
        Edition.objects.count(),
        PrintPage.objects.count(),
    )


def test_dry_run_json_has_exactly_the_promised_shape_and_touches_no_database():
    # No django_db mark: pytest-django makes any database access an error here.
    out, _ = _run(SEED, "--dry-run", "--json")
    document = json.loads(out)
    assert list(document) == ["articles"]
    assert len(document["articles"]) == 11
    for article in document["articles"]:
        assert list(article) == ARTICLE_KEYS
        assert article["kind"] in {"story", "photo"}
        assert all(isinstance(article[key], str) for key in ["kicker", "headline", "subtitle", "dateline"])
        assert all(list(b) == ["name", "role"] for b in article["bylines"])
        assert all(list(b) == ["type", "text"] and b["type"] in {"p", "h"} for b in article["blocks"])
        assert all(list(p) == ["name", "title"] for p in article["people"])
        assert 0.0 <= article["confidence"] <= 1.0
        assert all(isinstance(w, str) and w for w in article["warnings"])


def test_dry_run_strips_brackets_dashes_datelines_and_credits():
    articles = json.loads(_run(SEED, "--dry-run", "--json")[0])["articles"]
    by_headline = {a["headline"]: a for a in articles}
    diary = by_headline["我当“大白”的经历"]
    assert diary["kicker"] == "抗疫日记"
    first = by_headline["冲在“疫”线的政协人"]
    assert first["subtitle"] == "市政协机关党员干部下沉包联社区助力防控一瞥"
    commerce = by_headline["市商务局干部下沉社区助力疫情防控"]
    assert commerce["dateline"] == "本报讯"
    assert commerce["bylines"] == [{"name": "吕霞", "role": "correspondent"}]
    assert commerce["blocks"][0]["text"].startswith("疫情就是命令")
    body = "".join(b["text"] for a in articles for b in a["blocks"])
    for credit in ["(王荣 王晓丽)", "(杨岗)", "(本通)", "(市纪委监委提供)", "王汉平 摄", "本报讯"]:
        assert credit not in body


@pytest.mark.django_db
def test_import_saves_the_page_as_published_stories_in_print_order():
    out, _ = _run(SEED, "--date", "2022-11-21", "--page", "3", "--publication", "朔州日报")
    assert "articles created 11, updated 0" in out
    page = PrintPage.objects.get(edition__date="2022-11-21", number=3)
    articles = list(page.articles.order_by("print_position"))
    assert [a.print_position for a in articles] == list(range(1, 12))
    assert articles[0].headline == "冲在“疫”线的政协人"
    assert all(a.status == Article.Status.PUBLISHED for a in articles)
    assert articles[-1].kind == Article.Kind.PHOTO
    assert Photo.objects.get(article=articles[-1]).credit == "王汉平"
    assert Byline.objects.filter(role="credit", credit="市纪委监委").exists()


@pytest.mark.django_db
def test_importing_the_same_page_again_updates_instead_of_duplicating():
    _run(SEED, "--date", "2022-11-21")
    before = _snapshot()
    out, _ = _run(SEED, "--date", "2022-11-21")
    assert "articles created 0, updated 11, removed 0, people created 0" in out
    assert _snapshot() == before


@pytest.mark.django_db
def test_known_people_are_reused_by_name_and_alias():
    person = Person.objects.create(name="张国强", description="经开区预算科科长")
    Alias.objects.create(person=person, name="国强")
    _run(SEED, "--date", "2022-11-21")
    assert Person.objects.filter(name="张国强").count() == 1
    assert Mention.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_several_files_are_pages_of_one_edition_with_a_progress_bar_and_summary(tmp_path):
    for name in ["a.txt", "b.txt"]:
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out, err = _run(tmp_path, "--date", "2022-11-21", "--page", "2")
    assert sorted(PrintPage.objects.values_list("number", flat=True)) == [2, 3]
    assert "2/2 b.txt" in err
    assert "pages 2, articles created 22" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        ("冲在“疫”线的政协人\n核".encode()[:-1], "ends in the middle of a character"),
        ("冲在“疫”线的政协人\n\n据报道，".encode() + "字".encode() * 6000, "line 3: 6,004 characters"),
        ("\n\n".join(f"第{n}条新闻的标题" for n in range(15)).encode("utf-8"), "no line of running text"),
        # Read and parsed, but refused on saving: the page before it is not kept either.
        (LONG_DATELINE.encode(), r"story 1 on the page \(冬日朔州战疫正酣…\): its dateline is 44 characters"),
    ],
)
def test_a_bad_file_among_good_ones_changes_nothing(tmp_path, content, message):
    _run(SEED, "--date", "2022-11-20")
    before = _snapshot()
    (tmp_path / "1-good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "2-bad.txt").write_bytes(content)
    with pytest.raises(CommandError, match=rf"2-bad\.txt.*{message}"):
        _run(tmp_path, "--date", "2022-11-21")
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_gb18030_page_imports_like_its_utf8_twin(tmp_path):
    page = tmp_path / "gbk.txt"
    page.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    out, _ = _run(page, "--date", "2022-11-21")
    assert "articles created 11" in out


@pytest.mark.django_db
def test_an_unknown_department_is_a_clear_error_and_saves_nothing():
    with pytest.raises(CommandError, match="--department 'nope' does not exist"):
        _run(SEED, "--department", "nope")
    assert Article.objects.count() == 0


def test_a_malformed_date_is_a_clear_error():
    with pytest.raises(CommandError, match="not a date"):
        _run(SEED, "--date", "2022-13-40")


@pytest.mark.django_db
def test_a_failure_while_saving_rolls_back_every_page(tmp_path, monkeypatch):
    from articles.importer import save

    for name in ["a.txt", "b.txt"]:
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    calls = []
    original = save._save_page

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(save, "_save_page", fail_on_second)
    with pytest.raises(RuntimeError):
        _run(tmp_path, "--date", "2022-11-21")
    assert _snapshot() == (0, 0, 0, 0, 0, 0)


# -- editions: --edition FOLDER ------------------------------------------------


def _edition_folder(tmp_path):
    from .test_edition import back, front

    folder = tmp_path / "edition"
    folder.mkdir()
    # Names sort the wrong way round: the page headers say which page is which.
    (folder / "scan-b.txt").write_text(front(), encoding="utf-8")
    (folder / "scan-a.txt").write_text(back(), encoding="utf-8")
    return folder


def test_edition_dry_run_json_is_one_list_in_page_order_with_continuations_joined(tmp_path):
    from .test_edition import HEAD, P1, P2

    document = json.loads(_run("--edition", _edition_folder(tmp_path), "--dry-run", "--json")[0])
    assert list(document) == ["articles"]
    articles = document["articles"]
    assert [(a["page"], a["headline"]) for a in articles] == [
        (1, HEAD),
        (1, "南河镇大棚蔬菜陆续上市"),
        (2, "市图书馆新馆开放"),
    ]
    assert all(list(a) == ARTICLE_KEYS + ["page"] for a in articles)
    assert [b["text"] for b in articles[0]["blocks"]] == [P1, P2]


def test_edition_dry_run_summary_counts_low_confidence_items(tmp_path):
    from .test_edition import back

    (tmp_path / "2.txt").write_text(back(), encoding="utf-8")
    out, _ = _run(tmp_path / "2.txt", "--dry-run")
    assert "2 item(s) parsed, 1 low-confidence" in out


@pytest.mark.django_db
def test_edition_import_uses_the_header_and_updates_in_place_on_reimport(tmp_path):
    from .test_edition import HEAD, P2

    folder = _edition_folder(tmp_path)
    out, _ = _run("--edition", folder, "--publication", "朔州日报")
    assert "pages 2, articles created 3, updated 0" in out
    assert "low-confidence items 0" in out
    pages = PrintPage.objects.filter(edition__date="2022-11-21").order_by("number")
    assert [(p.number, p.title) for p in pages] == [(1, "要闻"), (2, "要闻")]
    story = Article.objects.get(headline=HEAD)
    assert story.print_page.number == 1 and P2 in story.body
    before = _snapshot()
    out, _ = _run("--edition", folder, "--publication", "朔州日报")
    assert "articles created 0, updated 3, removed 0" in out
    assert _snapshot() == before


def test_edition_and_files_together_are_refused(tmp_path):
    with pytest.raises(CommandError, match="either page files/folders or --edition"):
        _run(SEED, "--edition", tmp_path)


def test_an_edition_must_be_a_folder():
    with pytest.raises(CommandError, match="--edition takes a folder"):
        _run("--edition", SEED)


# -- several files without --edition -------------------------------------------


def test_several_files_given_together_join_a_continued_story(tmp_path):
    from .test_edition import HEAD, P1, P2, back, front

    (tmp_path / "b.txt").write_text(back(), encoding="utf-8")
    (tmp_path / "a.txt").write_text(front(), encoding="utf-8")
    document = json.loads(_run(tmp_path / "b.txt", tmp_path / "a.txt", "--dry-run", "--json")[0])
    pages = {Path(p["file"]).name: p["articles"] for p in document["pages"]}
    story = next(a for a in pages["a.txt"] if a["headline"] == HEAD)
    assert [b["text"] for b in story["blocks"]] == [P1, P2]
    assert not any("page 2" in w for w in story["warnings"])
    assert [a["headline"] for a in pages["b.txt"]] == ["市图书馆新馆开放"]


@pytest.mark.django_db
def test_several_files_are_saved_as_the_editions_their_headers_print(tmp_path):
    from .test_edition import HEAD, P2, back, front

    (tmp_path / "1.txt").write_text(front(), encoding="utf-8")
    (tmp_path / "2.txt").write_text(back(), encoding="utf-8")
    (tmp_path / "3.txt").write_text(back().replace("2022年11月21日", "2022年11月22日"), encoding="utf-8")
    out, _ = _run(tmp_path, "--publication", "朔州日报")
    assert "pages 3" in out
    placed = sorted(PrintPage.objects.values_list("edition__date", "number"))
    assert [(str(d), n) for d, n in placed] == [("2022-11-21", 1), ("2022-11-21", 2), ("2022-11-22", 2)]
    assert P2 in Article.objects.get(headline=HEAD).body
    # The page of the 22nd picks up from a page 1 not imported with it: kept, unjoined.
    assert Article.objects.filter(print_page__edition__date="2022-11-22", body__contains=P2[21:]).exists()


def test_an_undated_page_among_several_editions_is_a_clear_error(tmp_path):
    from .test_edition import back, front

    (tmp_path / "1.txt").write_text(front(), encoding="utf-8")
    (tmp_path / "2.txt").write_text(back().replace("2022年11月21日", "2022年11月22日"), encoding="utf-8")
    (tmp_path / "x.txt").write_text(back().split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(CommandError, match="x.txt: no date in the page header.*give --date"):
        _run(tmp_path, "--dry-run")


BUG = "本页触发故障。"


def _crash(monkeypatch, step):
    """The command's ``step`` (parse_page, plan_page or parse_edition) failing, as a bug in the
    importer would, on the page whose text holds BUG."""
    from articles.management.commands import import_print_page as command

    real_parse, real_step = command.parse_page, getattr(command, step)
    bad = set()  # the ids of the pages parsed from a text holding BUG

    def parse(text):
        parsed = real_parse(text)
        if BUG in text:
            bad.add(id(parsed))
        return parsed

    def crash(page, *args, **kwargs):
        texts = [f.text for f in page] if step == "parse_edition" else [page] if step == "parse_page" else []
        if id(page) in bad or any(BUG in text for text in texts):
            raise KeyError("a bug in the importer")
        return real_step(page, *args, **kwargs)

    monkeypatch.setattr(command, "parse_page", parse)
    monkeypatch.setattr(command, step, crash)
    return command.__name__


@pytest.mark.django_db
@pytest.mark.parametrize("step, where", [("parse_page", r"2-bad\.txt"), ("plan_page", r"2-bad\.txt, page 2")])
def test_a_crash_of_the_importer_on_one_page_is_a_clear_error_logged_with_its_traceback(
    tmp_path, monkeypatch, caplog, step, where
):
    _run(SEED, "--date", "2022-11-20")
    before = _snapshot()
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "1-good.txt").write_text(text, encoding="utf-8")
    (tmp_path / "2-bad.txt").write_text(f"{text}\n\n{BUG}\n", encoding="utf-8")
    logger = _crash(monkeypatch, step)
    # Once the page is parsed its number is known, and the error names it too.
    with pytest.raises(CommandError, match=rf"{where}: the importer failed on this page.*Nothing was written"):
        _run(tmp_path, "--date", "2022-11-21", "--page", "1")
    assert _snapshot() == before
    [record] = [r for r in caplog.records if r.name == logger]
    assert record.levelname == "ERROR" and "2-bad.txt" in record.getMessage()
    assert record.exc_info[0] is KeyError


@pytest.mark.django_db
def test_a_crash_of_the_importer_on_an_edition_names_the_folder(tmp_path, monkeypatch, caplog):
    (tmp_path / "1.txt").write_text(f"{SEED.read_text(encoding='utf-8')}\n\n{BUG}\n", encoding="utf-8")
    logger = _crash(monkeypatch, "parse_edition")
    with pytest.raises(CommandError, match=rf"{tmp_path}: the importer failed.*Nothing was written"):
        _run("--edition", tmp_path)
    assert Article.objects.count() == 0
    assert [r.exc_info[0] for r in caplog.records if r.name == logger] == [KeyError]
