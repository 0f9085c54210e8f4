"""The publishing workflow stays hardened; the licences, the citation and the version are where the README promises.

- zizmor (pinned in requirements.txt) audits .github/workflows/book.yml and .github/dependabot.yml offline, with
  ignore comments disregarded: any finding fails. The pedantic persona may report one thing only, the
  workflow's container image `python:3.11-bookworm`, which is deliberately not pinned to a digest (the monthly
  run rebuilds on that day's image so that drift in the runtime shows up; README, "The workflow").
- Every action is pinned to a full commit SHA with its version in a comment; checkout does not persist
  credentials; no permission by default, and each job states its own.
- Dependabot covers pip, npm and GitHub Actions and ignores Jupyter Book 2.
- CITATION.cff is valid Citation File Format 1.2.0: tests/data/citation-file-format-1.2.0.schema.json is the
  format's official schema (https://github.com/citation-file-format/citation-file-format, tag 1.2.0,
  schema.json; CC BY 4.0, by the Citation File Format authors), kept here so the test runs offline.
- The version in pyproject.toml is the one in CITATION.cff, the site's footer and front page (_config.yml) and
  the BibTeX entry of the front page; CHANGELOG.md follows Keep a Changelog.
- The licence note (CC BY 4.0 for text and figures, MIT for code, the source article its author's, with its
  address) is in LICENSE, LICENSE-CODE, pyproject.toml, CITATION.cff, the footer, the front page and the README.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
CFF_SCHEMA = Path(__file__).parent / "data" / "citation-file-format-1.2.0.schema.json"

ARTICLE_URL = "https://medium.com/analytics-vidhya/derivative-of-log-loss-function-for-logistic-regression-9b832f025c2d"
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/"

# what the pedantic persona may report, and why (see the module docstring)
PEDANTIC_ALLOWED = {("unpinned-images", ("jobs", "build", "container"))}


# ------------------------------------------------------------------------------------------------ zizmor


def zizmor() -> str:
    """The zizmor of this environment (installed with requirements.txt next to this Python)."""
    here = Path(sys.executable).parent / "zizmor"
    found = str(here) if here.exists() else shutil.which("zizmor")
    if found is None:
        pytest.fail("zizmor is not installed: pip install -r requirements.txt (it pins zizmor)")
    return found


def run_zizmor(*args: str) -> tuple[list[dict], str]:
    """Findings (zizmor's JSON) and the human-readable report of the same run."""
    files = [str(WORKFLOW.relative_to(ROOT)), str(DEPENDABOT.relative_to(ROOT))]
    base = [zizmor(), "--offline", "--no-ignores", "--no-progress", "--color=never", *args, *files]
    as_json = subprocess.run([*base, "--format=json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    try:
        findings = json.loads(as_json.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"zizmor did not run (exit {as_json.returncode}):\n{as_json.stdout}\n{as_json.stderr}")
    plain = subprocess.run(base, cwd=ROOT, capture_output=True, text=True, timeout=120)
    return findings, plain.stdout + plain.stderr


def route_of(finding: dict) -> tuple[str, ...]:
    location = finding["locations"][0]["symbolic"]["route"]["route"]
    return tuple(str(next(iter(step.values()))) for step in location)


def test_zizmor_finds_nothing():
    findings, report = run_zizmor()
    assert findings == [], f"zizmor reports {len(findings)} finding(s) in the workflow:\n{report}"


def test_zizmor_pedantic_reports_only_the_unpinned_container_image():
    findings, report = run_zizmor("--persona=pedantic")
    unexpected = [f for f in findings if (f["ident"], route_of(f)) not in PEDANTIC_ALLOWED]
    assert not unexpected, f"zizmor --persona=pedantic:\n{report}"


# ------------------------------------------------------------------------------------------------ workflow


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps():
    for name, job in workflow()["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment():
    uses = [line.strip() for line in WORKFLOW.read_text().splitlines() if re.match(r"\s*(-\s+)?uses:", line)]
    assert uses, "the workflow uses no action?"
    pinned = re.compile(r"(-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s+v\d+\.\d+\.\d+$")
    bad = [line for line in uses if not pinned.match(line)]
    assert not bad, "pin each action as `uses: owner/repo@<40-hex commit> # vX.Y.Z`:\n  " + "\n  ".join(bad)


def test_checkout_does_not_persist_credentials():
    checkouts = [(job, step) for job, step in steps() if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for job, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"job {job}: persist-credentials: false"


def test_no_permission_by_default_and_each_job_states_its_own():
    wf = workflow()
    assert wf.get("permissions") == {}, "top-level `permissions: {}`: jobs ask for what they need"
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"job {name} states no permissions"
        assert "write-all" not in str(job["permissions"]), f"job {name}: write-all"
    assert wf["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert set(wf["jobs"]["deploy"]["permissions"]) == {"pages", "id-token"}


def test_dependabot_updates_pip_npm_and_actions_but_not_to_jupyter_book_2():
    config = yaml.safe_load(DEPENDABOT.read_text())
    by_ecosystem = {u["package-ecosystem"]: u for u in config["updates"]}
    assert {"pip", "npm", "github-actions"} <= set(by_ecosystem)
    ignored = {i["dependency-name"]: i.get("versions") for i in by_ecosystem["pip"].get("ignore", [])}
    assert ignored.get("jupyter-book") == [">=2"], "dependabot must not propose Jupyter Book 2"


# ------------------------------------------------------------------------------------------------ version


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text())


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def intro() -> str:
    return (ROOT / "book" / "intro.md").read_text()


def licence_section() -> str:
    text = intro()
    start = text.find("## Licence and how to cite")
    assert start >= 0, "book/intro.md has no section 'Licence and how to cite'"
    following = text.find("\n## ", start + 1)
    return text[start:] if following < 0 else text[start:following]


def test_version_is_semantic():
    assert re.fullmatch(r"\d+\.\d+\.\d+", version()), version()


def test_version_is_the_same_everywhere():
    v = version()
    cff = citation()
    assert str(cff["version"]) == v, "CITATION.cff version"
    assert str(cff["preferred-citation"]["edition"]) == v, "CITATION.cff preferred-citation edition"
    cfg = config()
    assert str(cfg["parse"]["myst_substitutions"]["version"]) == v, "_config.yml parse.myst_substitutions.version"
    assert f"Version {v}" in cfg["html"]["extra_footer"], "_config.yml html.extra_footer shows the version"
    section = licence_section()
    assert "{{ version }}" in section, "the front page shows the version through the substitution"
    assert f"edition   = {{{v}}}" in section and f"Version {v}." in section, "the front page's BibTeX entry"


def test_changelog_keeps_a_changelog_and_knows_the_version():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert text.startswith("# Changelog\n") and "keepachangelog.com" in text
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.M)
    assert headings and all(h[0] == "Unreleased" or h[1] for h in headings), "## [X.Y.Z] - YYYY-MM-DD"
    released = [tuple(map(int, h[0].split("."))) for h in headings if h[0] != "Unreleased"]
    assert released == sorted(released, reverse=True), "newest release first"
    for name, _ in headings:  # every heading has its link at the bottom
        assert re.search(rf"^\[{re.escape(name)}\]: https://", text, re.M), f"no link for [{name}]"
    current = tuple(map(int, version().split(".")))
    if current not in released:  # the version on the site is being prepared: it must be new and unreleased
        assert headings[0][0] == "Unreleased", f"{version()} is neither released nor under [Unreleased]"
        assert not released or current > released[0], f"{version()} is not newer than {released[0]}"


# ------------------------------------------------------------------------------------------------ citation


def test_citation_cff_is_valid_citation_file_format():
    schema = json.loads(CFF_SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(citation()), key=lambda e: list(e.path))
    assert not errors, "CITATION.cff:\n  " + "\n  ".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_citation_cff_names_the_book_its_licences_and_the_article():
    cff = citation()
    assert cff["title"] == config()["title"]
    assert cff["repository-code"] == config()["repository"]["url"]
    assert set(cff["license"]) == {"CC-BY-4.0", "MIT"}
    assert any(ref.get("url") == ARTICLE_URL for ref in cff.get("references", []))


# ------------------------------------------------------------------------------------------------ licences


def test_licence_files_hold_the_legal_texts_and_say_what_each_covers():
    text_licence = (ROOT / "LICENSE").read_text()
    assert "Creative Commons Attribution 4.0 International Public License" in text_licence
    assert "Section 8 -- Interpretation." in text_licence, "the full CC BY 4.0 legal code"
    assert "LICENSE-CODE" in text_licence and "Saket Thavanani" in text_licence and ARTICLE_URL in text_licence
    code_licence = (ROOT / "LICENSE-CODE").read_text()
    assert "MIT License" in code_licence and "Permission is hereby granted, free of charge" in code_licence
    assert "CC BY 4.0" in code_licence
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE-CODE"]


def test_footer_states_the_licences_and_the_article():
    footer = config()["html"]["extra_footer"]
    assert CC_BY_URL in footer and "CC BY 4.0" in footer and "MIT" in footer
    assert "Saket Thavanani" in footer and ARTICLE_URL in footer


def test_front_page_says_what_a_reader_may_do_and_how_to_cite():
    section = licence_section()
    for promised in (CC_BY_URL, "MIT", "Saket Thavanani", ARTICLE_URL, "CITATION.cff", "```bibtex"):
        assert promised in section, f"the front page's licence section lacks {promised!r}"


def test_readme_has_the_licence_citation_and_release_sections():
    readme = (ROOT / "README.md").read_text()
    for heading in ("## Licence", "## How to cite", "## Releases", "## The workflow"):
        assert re.search(rf"^{re.escape(heading)}\b", readme, re.M), f"README lacks {heading!r}"
    assert "CC BY 4.0" in readme and "MIT" in readme and ARTICLE_URL in readme
