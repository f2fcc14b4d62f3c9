"""Documentation coverage: every command has help, and the generated CLI reference is current."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from marsad.cli import cli

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name: str) -> None:
    assert cli.commands[name].help, f"marsad {name} has no help text"


def test_cli_reference_is_generated_from_help() -> None:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", REPO / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == module.render(), (
        "docs/cli.md is stale: run python scripts/gen_cli_docs.py"
    )
    assert "Usage: marsad " in module.render() and "Usage: cli " not in module.render()


def test_readme_quick_start_has_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "pip install -e . && marsad demo" in quick
    assert "pip install -e '.[test]' && python -m pytest -q" in quick
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]' && python -m pytest -q" in ci


def test_every_limit_of_the_config_is_documented() -> None:
    import re

    config = (REPO / "marsad" / "config.py").read_text(encoding="utf-8")
    limits = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    variables = sorted(
        set(
            re.findall(
                r'os\.environ\.get\("(MARSAD_(?:MAX|MIN)_[A-Z_]+|MARSAD_LOCK_WAIT|MARSAD_SHUTDOWN_WAIT)"',
                config,
            )
        )
    )
    assert len(variables) >= 10
    variables += ["MARSAD_API_TOKEN", "MARSAD_ALLOWED_HOSTS"]
    assert [v for v in variables if f"`{v}`" not in limits] == []


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_input_and_output_reference_is_generated_from_the_code() -> None:
    module = _load_script("gen_reference_docs")
    text = module.render()
    assert (REPO / "docs" / "reference.md").read_text(encoding="utf-8") == text, (
        "docs/reference.md is stale: run python scripts/gen_reference_docs.py"
    )
    from marsad.api import create_app

    app = create_app(":memory:")
    try:
        for path, item in app.openapi()["paths"].items():
            for method in item:
                assert f"### `{method.upper()} {path}`" in text, f"{method.upper()} {path} missing from the reference"
    finally:
        app.state.store.close()


def test_every_input_record_field_is_documented() -> None:
    reader = (REPO / "marsad" / "ingest" / "jsonl.py").read_text(encoding="utf-8")
    fields = set(re.findall(r'record(?:\.get\(|\[)"([a-z_]+)"', reader))
    assert {"text", "title", "source"} <= fields
    documented = set(_load_script("gen_reference_docs").RECORD_FIELDS)
    assert fields <= documented, f"record fields without a line in the reference: {sorted(fields - documented)}"


@pytest.mark.parametrize(
    "doc",
    ["README.md", *(str(p.relative_to(REPO)) for p in sorted((REPO / "docs").glob("*.md")))]
    + [str(p.relative_to(REPO)) for folder in ("marsad", "bench", "eval", "scripts") for p in sorted((REPO / folder).rglob("*.py"))],
)
def test_docs_and_code_do_not_send_readers_to_a_file_they_do_not_have(doc: str) -> None:
    text = (REPO / doc).read_text(encoding="utf-8")
    assert "SPEC.md" not in text, f"{doc} points at SPEC.md, which is not in the repository"
