"""Every rule can be traced by its id: `git grep RULE_ID` finds its data, its fix (or its declared 'none') and a test.

The rules are listed from the analysers' declared rules (lexicon entries and code rules alike), so a rule added
anywhere is checked here. For each one the repository's tracked files must hold:
- its data: the lexicon entry (`id: RULE_ID` in lexicons/) or the `code_rule("RULE_ID", ...)` call in coach/;
- its fix: the entry's `action:` (a code rule's `action=` keyword), `none` written out where only the writer can
  fix it, and for a `retell` the named transformer in coach/reframe.py's RETELLERS;
- a test: a file under tests/ other than this one that names the rule id.
It also checks what a user reads on the card: a source named in words (never a file number), a note, and bad and
good examples. The semantic layer's rules (lexicons/semantic/layer.yml) are checked the same way below: their
wording and source in that file, a test naming them, and a bad example here that fires with no fix (the card's
suggestion says what to write) and a good one that does not.
"""

from __future__ import annotations

import ast
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from coach.analysers import build_analysers
from coach.lexicon import BUILTIN_DIR, Rule, load_lists, load_rules
from coach.reframe import RETELLERS
from coach.yaml_file import read_yaml

ROOT = Path(__file__).resolve().parent.parent
THIS = Path(__file__).resolve()
ANALYSERS = build_analysers(load_rules((BUILTIN_DIR,)), load_lists((BUILTIN_DIR,)))
RULES = [rule for analyser in ANALYSERS for rule in analyser.rules]
FILE_NUMBER = re.compile(r"(?i)\b(?:seed|file|doc(?:ument)?|source|article)\s*#?\s*\d+\b|\b\d{3}\b")


@cache
def tracked_files() -> tuple[Path, ...]:
    """Return the repository's text files as `git grep` sees them (tracked and new), or every file without git."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "coach", "lexicons", "tests"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        paths = [ROOT / p for p in listed]
    except (OSError, subprocess.CalledProcessError):  # a copy without git: the same folders, walked
        paths = [p for d in ("coach", "lexicons", "tests") for p in (ROOT / d).rglob("*")]
    return tuple(p for p in paths if p.suffix in {".py", ".yml", ".yaml"} and p.is_file())


@cache
def text_of(path: Path) -> str:
    """Return a tracked file's text."""
    return path.read_text(encoding="utf-8", errors="replace")


def grep(rule_id: str, under: str) -> list[Path]:
    """Return the tracked files under a folder whose text names the rule id as a whole word (like git grep -w)."""
    word = re.compile(rf"(?<![\w.]){re.escape(rule_id)}(?![\w])")
    return [p for p in tracked_files() if p.is_relative_to(ROOT / under) and word.search(text_of(p))]


def entry_in(rule: Rule) -> dict | None:
    """Return the entry a rule was read from, as written in its YAML file (None for a rule written in code)."""
    if not rule.file.endswith((".yml", ".yaml")):
        return None
    return next((e for e in yaml_entries(rule.file) if isinstance(e, dict) and e.get("id") == rule.id), None)


@cache
def yaml_entries(path: str) -> tuple:
    """Return the entries of a YAML rule file, as written."""
    data = read_yaml(path)
    return tuple(data) if isinstance(data, list) else ()


def code_files() -> list[Path]:
    """Return the tracked Python files of the package."""
    return [p for p in tracked_files() if p.suffix == ".py" and p.is_relative_to(ROOT / "coach")]


@cache
def code_rule_calls() -> dict[str, ast.Call]:
    """Return every code_rule(...) call in coach/ by the rule id it declares."""
    calls = {}
    for path in code_files():
        for node in ast.walk(ast.parse(text_of(path))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "code_rule"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                calls[node.args[0].value] = node
    return calls


def test_the_rules_come_from_every_analyser_lexicon_and_code_alike():
    assert {a.category for a in ANALYSERS} >= {"jargon", "blame", "benefit", "readability", "directness"}
    assert any(r.pattern.pattern == "(?!)" for r in RULES), "no code rule was declared"
    assert len({r.id for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_git_grep_finds_the_rules_data(rule: Rule):
    found = grep(rule.id, "lexicons") + grep(rule.id, "coach")
    assert found, f"{rule.id}: no data in lexicons/ or coach/"
    if entry_in(rule) is not None:
        assert Path(rule.file).resolve() in found
    else:
        assert rule.id in code_rule_calls(), f"{rule.id}: neither a data entry nor a code_rule(...) call"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_git_grep_finds_the_rules_fix_or_its_declared_none(rule: Rule):
    entry = entry_in(rule)
    if entry is not None:
        declared = {"action", "retell", "replacement"} & set(entry)
        assert declared, f"{rule.id}: the entry declares no action (write 'none')"
        if "retell" in entry:  # a softening entry names its transformer in the analyser that reads the file
            assert any(re.search(rf"\b{entry['retell']}\b", text_of(p)) for p in code_files()), entry["retell"]
    else:
        keywords = {k.arg for k in code_rule_calls()[rule.id].keywords}
        assert "action" in keywords, f"{rule.id}: the code rule declares no action= (write NO_ACTION for none)"
    chain, action = [], rule.action
    while action is not None:
        chain.append(action)
        action = action.otherwise
    for step in chain:
        if step.name == "retell":
            assert step.transformer in RETELLERS, f"{rule.id}: unknown retell {step.transformer!r}"
            reframe = text_of(ROOT / "coach" / "reframe.py")
            assert re.search(rf"[\"']{step.transformer}[\"']|def {step.transformer}\b", reframe), step.transformer
    if rule.action.name == "none":
        assert rule.suggestion, f"{rule.id}: with no fix, the suggestion must say what to write instead"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_git_grep_finds_a_test_naming_the_rule(rule: Rule):
    tests = [p for p in grep(rule.id, "tests") if p.resolve() != THIS]
    assert tests, f"{rule.id}: no test names it; add its row to tests/test_rule_fixes.py"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_names_its_source_in_words_and_has_a_note_and_examples(rule: Rule):
    assert rule.source.strip(), f"{rule.id}: no source"
    assert not FILE_NUMBER.search(rule.source), f"{rule.id}: the source must be a title or URL: {rule.source!r}"
    assert rule.note.strip(), f"{rule.id}: no note"
    assert rule.examples.get("bad"), f"{rule.id}: no bad example"
    assert rule.examples.get("good"), f"{rule.id}: no good example"


def test_the_checks_catch_a_rule_with_nothing_behind_it():
    assert grep("jargon." + "no_such_rule_anywhere", "tests") == []
    assert grep("jargon.dns", "lexicons") and not grep("jargon.dn", "lexicons")
    assert FILE_NUMBER.search("Seed 003: the blunt reply") and not FILE_NUMBER.search("Same conversation (2014)")


# The semantic layer's rules (lexicons/semantic/layer.yml): one id per label, worded in data, no fix of their own
# (the model finds a meaning, not a phrase to swap: the card's suggestion says what to write). Each id has a bad
# example here that the layer reports and a good one, on the same subject, that it leaves alone.
SEMANTIC_EXAMPLES: dict[str, tuple[str, str]] = {
    "condescension.semantic": (
        "This is beginner-level material, but I'll hold your hand through every click.",
        "I'll go through each step with you on the call, in whatever order suits you.",
    ),
    "blame.semantic": (
        "One of your receptionists yanked the network cable out and the whole surgery went offline.",
        "We restored the shared folder from last night's copy, so nothing was lost.",
    ),
    "benefit.semantic": (
        "I'd suggest we move your phones over to the new hosted system in March.",
        "Thanks for sending the floor plan; the installer will bring enough cable for both rooms.",
    ),
}
SETTINGS_FILE = ROOT / "lexicons" / "semantic" / "layer.yml"
FIXES_FILE = ROOT / "lexicons" / "revision" / "semantic_fixes.yml"  # a semantic finding's fix action, if it has one


def semantic_fix(rule_id: str) -> dict | None:
    """Return the fix action lexicons/revision/semantic_fixes.yml gives a semantic rule, or None."""
    return (read_yaml(FIXES_FILE) or {}).get(rule_id)


@cache
def semantic_coach():
    """Return a coach with the semantic layer on (as the page and the CLI run it)."""
    from coach import Coach

    return Coach()


def semantic_rules() -> list[Rule]:
    """Return the semantic layer's rules as it declares them."""
    layer = semantic_coach().semantic
    assert layer is not None and layer.available, "the semantic model is missing: run `make train`"
    return list(layer.rules)


def test_every_semantic_rule_is_listed_here_with_examples():
    from coach.semantic.layer import rule_ids

    assert set(SEMANTIC_EXAMPLES) == rule_ids() == {r.id for r in semantic_rules()}
    assert rule_ids() <= semantic_coach().rule_ids()


@pytest.mark.parametrize("rule_id", sorted(SEMANTIC_EXAMPLES))
def test_git_grep_finds_the_semantic_rules_data_wording_and_source(rule_id):
    found = grep(rule_id, "lexicons")
    assert SETTINGS_FILE in found, f"{rule_id}: its wording belongs in {SETTINGS_FILE.name}"
    assert set(found) <= {SETTINGS_FILE, FIXES_FILE}, f"{rule_id}: only its wording and its fix name it"
    assert (FIXES_FILE in found) == (semantic_fix(rule_id) is not None)
    labels = read_yaml(SETTINGS_FILE)["labels"]
    entry = next(e for e in labels.values() if e["id"] == rule_id)
    assert entry["message"].strip() and entry["note"].strip() and entry["suggestion"].strip()
    assert not FILE_NUMBER.search(entry["source"]), f"{rule_id}: the source must be a title or URL"
    assert [p for p in grep(rule_id, "tests") if p.resolve() != THIS], f"{rule_id}: no other test names it"


@pytest.mark.parametrize("rule_id", sorted(SEMANTIC_EXAMPLES))
def test_a_semantic_rules_bad_example_fires_gets_its_fix_and_its_good_one_does_not(rule_id):
    bad, good = SEMANTIC_EXAMPLES[rule_id]
    report = semantic_coach().analyse(bad)
    found = [f for f in report.findings if f.rule == rule_id]
    assert found, [(f.rule, f.text) for f in report.findings]
    for f in found:
        assert f.suggestion and "{" not in f.suggestion and report.revision is not None
        if semantic_fix(rule_id) is None:  # no fix: nothing is rewritten, and the card says what to write instead
            assert f.replacement is None and f.text in report.revision
        else:  # its fix (lexicons/revision/semantic_fixes.yml) retells the sentence
            assert f.text not in report.revision
    assert rule_id not in {f.rule for f in semantic_coach().analyse(good).findings}


@pytest.mark.parametrize("analyser", ANALYSERS, ids=lambda a: a.category)
def test_every_rule_and_finding_of_an_analyser_is_of_its_category(analyser, coach_full):
    assert all(r.category == analyser.category and r.id.startswith(analyser.category + ".") for r in analyser.rules)
    ids = {r.id for r in analyser.rules}
    for rule in analyser.rules:
        audience = "non-technical" if rule.applies_to("non-technical") else sorted(rule.audience)[0]
        for example in rule.examples.get("bad", ())[:1]:
            found = [f for f in coach_full.analyse(example, audience).findings if f.rule in ids]
            assert all(f.category == analyser.category for f in found), [(f.rule, f.category) for f in found]
