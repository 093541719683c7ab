"""What the README names exists: the project's files and folders, its addresses, Python
names, make targets, management commands with their options, the benches'
sections and options, and the Configuration table is the list of variables the
settings read. Nothing here runs a command (test_readme_commands.py does)."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.management import get_commands, load_command_class

from tests.processes import ROOT
from tests.readme import inline_spans, readme_text, shell_lines

# The project's own top-level folders: a span starting with one is a path of
# the checkout (var/… is made at run time, ../shared/… lies beside it).
_TOP_LEVEL = {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")} - {
    "var",
    "node_modules",
}
_PACKAGES = {"articles", "people", "review", "imports", "newsroom", "caching", "proofread"}


def _commands():
    """Inline spans and code-block lines: where the README shows commands."""
    return inline_spans() + shell_lines()


def test_every_path_the_readme_names_exists():
    paths = set()
    for span in inline_spans():
        for token in span.split():
            if re.fullmatch(r"[\w.-]+(/[\w.-]+)*/?", token) and "/" in token and token.split("/")[0] in _TOP_LEVEL:
                paths.add(token)
    assert len(paths) > 20
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"README names paths the checkout does not have: {missing}"


def _resolves(dotted):
    """A module's attribute, a model by its label, or a permission by its codename."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                target = getattr(target, name)
            return True
        except AttributeError:
            break
    if len(parts) == 2:
        app, name = parts
        models = list(apps.get_app_config(app).get_models())
        if any(m._meta.model_name == name.lower() for m in models):
            return True
        return any(name == codename for m in models for codename, _ in m._meta.permissions)
    return False


def test_every_python_name_the_readme_gives_in_full_exists():
    names = set()
    for span in inline_spans():
        match = re.fullmatch(r"([a-z_]+(?:\.[A-Za-z_]+)+)(\(.*\))?", span)
        if match and span.split(".")[0] in _PACKAGES:
            names.add(match.group(1))
    assert "articles.workflow.publish_refusal" in names
    missing = sorted(n for n in names if not _resolves(n))
    assert not missing, f"README names what the code does not have: {missing}"


def test_every_make_target_the_readme_names_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = {m for c in _commands() for m in re.findall(r"\bmake ([a-z][\w-]*)", c)}
    assert {"run", "test", "setup", "bench"} <= targets
    missing = sorted(t for t in targets if not re.search(rf"^{re.escape(t)}:", makefile, re.M))
    assert not missing, f"README names make targets the Makefile lacks: {missing}"


def test_every_management_command_and_option_the_readme_shows_exists():
    known = get_commands()
    shown = {}
    for command in _commands():
        for match in re.finditer(r"manage\.py ([a-z_]+)([^`|;]*)", command):
            options = {word.split("=")[0] for word in match.group(2).split() if word.startswith("-") and word != "-"}
            shown.setdefault(match.group(1), set()).update(options)
    assert {"import_print_page", "extract_people", "proofread", "reindex"} <= set(shown)
    problems = []
    for name, options in sorted(shown.items()):
        if name not in known:
            problems.append(f"no command {name}")
            continue
        parser = load_command_class(known[name], name).create_parser("manage.py", name)
        problems += [f"{name} has no option {o}" for o in sorted(options - set(parser._option_string_actions))]
    assert not problems, problems


def _bench_source(script):
    return (ROOT / "bench" / script).read_text(encoding="utf-8")


def test_every_bench_section_and_option_the_readme_shows_exists():
    problems = []
    run_py = _bench_source("run.py")
    sections = re.search(r"^SECTIONS = \[(.*)\]$", run_py, re.M).group(1)
    switches = set(re.findall(r'"(--[\w-]+)",\s*action="store_true"', run_py))
    for command in _commands():
        for match in re.finditer(r"BENCH_ARGS=(\"[^\"]*\"|\S+)", command):
            words = match.group(1).strip('"').split()
            for before, word in zip([""] + words, words):
                if word.startswith("--"):
                    problems += [f"run.py has no {word}"] if f'"{word}"' not in run_py else []
                elif not before.startswith("--") or before in switches:
                    # A section, not an option's value.
                    problems += [f"run.py has no section {word}"] if f'"{word}"' not in sections else []
        for match in re.finditer(r"bench/(\w+\.py)((?: [^`]*)?)", command):
            script = ROOT / "bench" / match.group(1)
            if not script.exists():
                problems.append(f"no bench/{match.group(1)}")
                continue
            source = _bench_source(match.group(1))
            flags = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", match.group(2)))
            problems += [f"bench/{match.group(1)} has no {f}" for f in sorted(flags) if f'"{f}"' not in source]
    assert not problems, problems


def _configuration_section():
    return re.search(r"^## Configuration\n(.*?)(?=^## )", readme_text(), re.S | re.M).group(1)


def _variables_read_by_the_project():
    settings_py = (ROOT / "newsroom" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"env_(?:str|int|bool|list)\(\s*\"([A-Z0-9_]+)\"", settings_py))
    model_py = (ROOT / "people" / "extract" / "model.py").read_text(encoding="utf-8")
    read |= set(re.findall(r"^MODEL_ENV = \"([A-Z_]+)\"", model_py, re.M))
    return read


@pytest.mark.parametrize("direction", ["documented", "read"])
def test_the_configuration_table_is_the_list_of_variables_the_project_reads(direction):
    table_rows = [line for line in _configuration_section().splitlines() if line.startswith("| `")]
    documented = {name for row in table_rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split(" | ")[0])}
    read = _variables_read_by_the_project()
    if direction == "documented":
        assert not read - documented, f"read but not in the README's table: {sorted(read - documented)}"
    else:
        assert not documented - read, f"in the README's table but read nowhere: {sorted(documented - read)}"


def test_the_readmes_inline_commands_name_their_interpreter():
    # Neither manage.py nor the bench scripts are on the PATH or executable:
    # pasted without .venv/bin/python, such a command is "command not found".
    bare = [s for s in inline_spans() if re.match(r"(manage\.py|bench/\w+\.py) \S", s)]
    assert not bare, f"write these as .venv/bin/python …: {bare}"


def test_every_address_the_readme_gives_is_one_of_the_sites():
    from django.urls import Resolver404, resolve

    addresses = {span for span in inline_spans() if re.fullmatch(r"/[\w./-]*", span)}
    addresses |= set(re.findall(r"http://127\.0\.0\.1:8000(/[\w./-]*)", readme_text()))
    assert "/admin/imports/importbatch/" in addresses
    unknown = []
    for address in sorted(addresses):
        try:
            # The admin answers any address under it with its catch-all view.
            if resolve(address).view_name.endswith("catch_all_view"):
                unknown.append(address)
        except Resolver404:
            unknown.append(address)
    assert not unknown, f"README gives addresses the site does not answer: {unknown}"
