"""The version fragments are keyed by changes with every file that decides their HTML."""

from pathlib import Path

import pytest
from django.conf import settings

from articles.template_version import files_digest, project_rendering_files, rendering_files, template_version


def _tree(root: Path) -> list[Path]:
    (root / "templates/includes").mkdir(parents=True)
    (root / "templates/includes/card.html").write_text("<h3>{{ headline }}</h3>")
    (root / "news/templatetags").mkdir(parents=True)
    (root / "news/templatetags/news.py").write_text("def cn_date(value): ...")
    (root / "locale/zh_Hans/LC_MESSAGES").mkdir(parents=True)
    (root / "locale/zh_Hans/LC_MESSAGES/django.mo").write_bytes(b"\x95\x04\x12\xde")
    outside = root.parent / f"{root.name}-django/admin"
    outside.mkdir(parents=True)
    (outside / "base.html").write_text("admin")
    return rendering_files(root, [root / "templates", outside], [root / "locale"], [root / "news"])


def test_every_template_tag_and_translation_counts_and_nothing_outside_the_project(tmp_path):
    root = tmp_path / "project"
    files = _tree(root)
    assert sorted(path.relative_to(root).as_posix() for path in files) == [
        "locale/zh_Hans/LC_MESSAGES/django.mo",
        "news/templatetags/news.py",
        "templates/includes/card.html",
    ]


def test_changing_any_of_them_changes_the_version(tmp_path):
    root = tmp_path / "project"
    files = _tree(root)
    before = files_digest(root, files)
    assert files_digest(root, reversed(files)) == before
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert files_digest(root, files) != before, path
        path.write_bytes(original)
    assert files_digest(root, files) == before
    (root / "templates/includes/card.html").rename(root / "templates/includes/item.html")
    assert files_digest(root, rendering_files(root, [root / "templates"], [root / "locale"], [root / "news"])) != before


def test_the_projects_version_covers_the_card_template():
    root = Path(settings.BASE_DIR)
    assert root / "templates/includes/article_item.html" in rendering_files(root, [root / "templates"], [])
    assert len(template_version()) == 12


@pytest.mark.parametrize(
    ("name", "value"),
    [("SITE_NAME", "朔州日报网"), ("SITE_URL", "https://news.example.cn"), ("PEOPLE_PUBLIC_MIN_CONFIDENCE", 0.95)],
)
def test_a_setting_that_changes_what_pages_show_changes_the_version(settings, name, value):
    template_version.cache_clear()
    before = template_version()
    setattr(settings, name, value)
    template_version.cache_clear()
    try:
        assert template_version() != before
    finally:
        template_version.cache_clear()


def test_the_development_server_asks_afresh_when_a_file_changes(tmp_path):
    from django.utils.autoreload import file_changed

    template_version()
    assert template_version.cache_info().currsize == 1
    file_changed.send(sender=None, file_path=tmp_path / "article_item.html")
    assert template_version.cache_info().currsize == 0


def test_python_that_builds_pages_counts_and_migrations_and_commands_do_not(tmp_path):
    root = tmp_path / "project"
    for name in (
        "news/cards.py",
        "news/views/lists.py",
        "news/migrations/0001_initial.py",
        "news/management/commands/x.py",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("VALUE = 1\n")
    files = rendering_files(root, [], [], [root / "news"])
    assert sorted(path.relative_to(root).as_posix() for path in files) == ["news/cards.py", "news/views/lists.py"]
    before = files_digest(root, files)
    (root / "news/cards.py").write_text("VALUE = 2\n")
    assert files_digest(root, files) != before


def test_the_projects_version_covers_the_card_builder_and_the_views():
    root = Path(settings.BASE_DIR)
    files = project_rendering_files()
    assert root / "articles/cards.py" in files
    assert root / "articles/views.py" in files
    assert root / "newsroom/settings.py" in files
    assert not any({"migrations", "site-packages", ".venv"} & set(path.relative_to(root).parts) for path in files)
