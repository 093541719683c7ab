"""The README's commands work when pasted, in a fresh copy of the checkout
after `make run`'s set-up steps, with nothing set in the environment.

The copy holds the files git would clone (tracked, plus new ones git does not
ignore), shares this run's virtualenv through a symlink, and gets its own
SQLite database and local.env from `make setup`, as a newcomer's clone would.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import ROOT
from tests.readme import README, inline_spans, readme_commands

# What a newcomer's shell would not have: everything the suite or CI set.
_NOT_IN_A_NEWCOMERS_SHELL = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "NEWSROOM_ENV_FILE",
    "NEWSROOM_TEST_RUN",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "TEST_DATABASE",
    "ALLOWED_HOSTS",
}


@pytest.fixture(scope="module")
def fresh_checkout(tmp_path_factory):
    if not shutil.which("make") or not shutil.which("git"):
        pytest.skip("make and git are needed to copy the checkout and run its set-up")
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    copy = tmp_path_factory.mktemp("clone")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    (copy / ".venv").symlink_to(Path(sys.prefix))
    env = newcomer_env()
    # -o: the shared virtualenv is installed already; `make setup` does the rest.
    result = subprocess.run(
        ["make", "-o", ".venv/.installed", "setup"], cwd=copy, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return copy


def newcomer_env():
    return {k: v for k, v in os.environ.items() if k not in _NOT_IN_A_NEWCOMERS_SHELL}


def run_pasted(command, cwd):
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=newcomer_env(), capture_output=True, text=True, timeout=300
    )


def test_setup_writes_a_development_env_file_that_git_ignores(fresh_checkout):
    local_env = (fresh_checkout / "local.env").read_text()
    assert "DEBUG=true" in local_env
    key = re.search(r"^SECRET_KEY=(.+)$", local_env, re.M).group(1)
    assert len(key) >= 50
    ignored = subprocess.run(["git", "check-ignore", "-q", "local.env"], cwd=ROOT)
    assert ignored.returncode == 0


def test_the_readmes_import_commands_work_as_written(fresh_checkout):
    commands = readme_commands("Importing print pages")
    assert any("import_print_page" in c for c in commands) and any("extract_people" in c for c in commands)
    for command in commands:
        result = run_pasted(command, fresh_checkout)
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        if "--dry-run --json" in command:
            assert '"headline"' in result.stdout
        elif "extract_people" in command:
            assert '"persons"' in result.stdout
        else:
            assert "updated" in result.stdout or "created" in result.stdout


def test_the_readmes_proofreading_command_works_as_written(fresh_checkout):
    (command,) = readme_commands("Review (三审三校)")
    result = run_pasted(command, fresh_checkout)
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
    rules = {finding[2] for finding in json.loads(result.stdout)["findings"]}
    assert {"halfwidth-punctuation", "repeated-character"} <= rules


def test_the_readmes_permission_table_is_the_one_the_admin_uses():
    from articles.permissions import markdown_table

    assert markdown_table() in README.read_text(encoding="utf-8")


def test_the_readmes_everyday_commands_work_as_written(fresh_checkout):
    commands = readme_commands("Everyday commands")
    assert commands
    for command in commands:
        if command.endswith("createsuperuser"):
            # Interactive as written; the same settings answer without a terminal.
            command += " --noinput --username newcomer --email newcomer@example.cn"
        elif command.endswith("shell"):
            command += ' -c "from articles.models import Article; print(Article.objects.count())"'
        result = run_pasted(command, fresh_checkout)
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"


def test_without_local_env_production_still_refuses_to_start(fresh_checkout):
    (fresh_checkout / "local.env").rename(fresh_checkout / "local.env.bak")
    try:
        result = run_pasted(".venv/bin/python manage.py check", fresh_checkout)
    finally:
        (fresh_checkout / "local.env.bak").rename(fresh_checkout / "local.env")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_readmes_translation_commands_work_as_written(fresh_checkout):
    if not shutil.which("xgettext") or not shutil.which("msgfmt"):
        pytest.skip("GNU gettext is needed (apt install gettext), as the README says")
    commands = readme_commands("Translations")
    assert any("makemessages" in c for c in commands) and any(c.startswith("msgfmt") for c in commands)
    for command in commands:
        result = run_pasted(command, fresh_checkout)
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"


def test_the_readmes_celery_worker_command_loads_the_project(fresh_checkout):
    # Serving jobs needs a broker; --help shows the app and the worker's options load.
    commands = {span for span in inline_spans() if span.startswith(".venv/bin/celery ")}
    assert commands
    for command in commands:
        result = run_pasted(command + " --help", fresh_checkout)
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        assert "--concurrency" in result.stdout
