"""The README's "How to add a rule" and "Adding a lexicon" sections say what the code does.

Read from README.md itself: every example id in the kind and action tables has the kind and the action its row
names; the retell list is exactly the transformers in coach/reframe.py; the `otherwise` examples are as written;
the existence row is the one in tests/test_rule_fixes.py; and the example entry and company lists in "Adding a
lexicon" are loaded from a company folder, as a user would copy them, and do what the README says.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from test_rule_fixes import FIXED

from coach import Coach
from coach.lexicon import BUILTIN_DIR, Rule, load_lists
from coach.reframe import RETELLERS
from coach.rewrite import apply_all

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ACTIONS = ("insert_before", "insert_after", "remove", "replace", "swap", "retell", "none")


def section(title: str) -> str:
    """Return the text of a README section (from its '## ' heading to the next one)."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end >= 0 else len(README)]


def table_rows(text: str, header: str) -> list[list[str]]:
    """Return the cells of each row of the markdown table whose header row starts with `| header |`."""
    lines = text[text.index(f"| {header} |") :].splitlines()
    rows = []
    for line in lines[2:]:  # after the header and the |---| line
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def ids_in(cell: str) -> list[str]:
    """Return the rule ids written in backticks in a table cell."""
    return re.findall(r"`([a-z]+\.[a-z_]+)`", cell)


HOW_TO = section("How to add a rule")
ADDING = section("Adding a lexicon")
KIND_ROWS = table_rows(HOW_TO, "kind")
ACTION_ROWS = table_rows(HOW_TO, "action")


@cache
def every_rule() -> dict[str, Rule]:
    """Return every rule a coach with the semantic layer declares, by id."""
    coach = Coach()
    rules = {r.id: r for analyser in coach.analysers for r in analyser.rules}
    assert coach.semantic is not None
    return rules | {r.id: r for r in coach.semantic.rules}


def test_the_tables_name_every_kind_and_every_action():
    assert [row[0].strip("`") for row in KIND_ROWS] == ["existence", "conditional", "parse", "absence", "semantic"]
    named = {a for row in ACTION_ROWS for a in re.findall(r"\b(" + "|".join(ACTIONS) + r")\b", row[0])}
    assert named == set(ACTIONS)


@pytest.mark.parametrize("row", KIND_ROWS, ids=lambda row: row[0].strip("`"))
def test_each_kinds_examples_are_rules_of_that_kind(row):
    kind, examples = row[0].strip("`"), ids_in(row[-1])
    assert examples, row
    for rule_id in examples:
        rule = every_rule().get(rule_id)
        assert rule is not None, f"the README names {rule_id}, which no analyser declares"
        if kind == "semantic":
            assert rule.file.endswith("layer.yml"), rule_id
        else:
            assert rule.kind == kind, f"{rule_id} is {rule.kind}, the README says {kind}"


@pytest.mark.parametrize("row", ACTION_ROWS, ids=lambda row: row[0])
def test_each_actions_examples_use_that_action(row):
    names = re.findall(r"\b(" + "|".join(ACTIONS) + r")\b", row[0])
    examples = ids_in(row[-1])
    assert names and examples, row
    for rule_id in examples:
        rule = every_rule().get(rule_id)
        assert rule is not None, f"the README names {rule_id}, which no analyser declares"
        assert rule.action.name in names, f"{rule_id}'s action is {rule.action.name}, the README says {names}"
    if len(names) == len(examples) > 1:  # "insert_before / insert_after": one example of each, in order
        assert [every_rule()[r].action.name for r in examples] == names


def test_the_retell_list_is_exactly_the_transformers_in_code():
    row = next(r for r in ACTION_ROWS if "retell" in r[0])
    listed = re.findall(r"`([a-z_]+)`", row[1][row[1].index("(") :])
    assert sorted(listed) == sorted(RETELLERS)


def test_the_otherwise_examples_are_as_written():
    claims = re.findall(r"`([a-z]+\.[a-z_]+)`: `(\w+)`, otherwise `(\w+)`", HOW_TO)
    assert len(claims) >= 2
    for rule_id, first, then in claims:
        action = every_rule()[rule_id].action
        assert (action.name, action.otherwise.name if action.otherwise else None) == (first, then), rule_id


def test_the_existence_row_is_the_one_the_fix_table_checks():
    written = " ".join(HOW_TO.split())
    row = ast.literal_eval(re.search(r"Row: `(\('blame\.per_my_last'.+?\))`", written).group(1))
    assert row in FIXED


def fenced_blocks(text: str) -> list[str]:
    """Return the contents of the fenced code blocks of a README section."""
    return re.findall(r"```(?:yaml)?\n(.*?)```", text, re.S)


def test_the_example_entry_works_from_a_company_folder(tmp_path, coach_full):
    block = next(b for b in fenced_blocks(ADDING) if "id: jargon.acme_portal" in b)
    (tmp_path / "jargon.yml").write_text(block, encoding="utf-8")
    company = coach_full.variant(lexicons=[tmp_path])
    rule = next(r for a in company.analysers for r in a.rules if r.id == "jargon.acme_portal")
    bad, good = rule.examples["bad"][0], rule.examples["good"][0]
    found = [f for f in company.analyse(bad).findings if f.rule == "jargon.acme_portal"]
    assert [f.text for f in found] == ["AcmeNet"]
    assert "jargon.acme_portal" not in {f.rule for f in company.analyse(good).findings}
    fixed = apply_all(bad, found, rewriter=company.rewriter)
    assert fixed == good  # the replace action gives the good example, capital and all
    assert "jargon.acme_portal" not in {f.rule for f in company.analyse(fixed).findings}


def test_the_example_company_lists_extend_the_built_in_ones(tmp_path, coach_full):
    block = next(b for b in fenced_blocks(ADDING) if "# company/lists/people.yml" in b)
    files = re.split(r"^# company/lists/(\w+\.yml).*$", block, flags=re.M)[1:]
    lists_dir = tmp_path / "lists"
    lists_dir.mkdir()
    for name, body in zip(files[::2], files[1::2]):
        (lists_dir / name).write_text(body, encoding="utf-8")
    assert sorted(p.name for p in lists_dir.iterdir()) == ["benefit.yml", "clinic.yml", "people.yml"]
    builtin, company = load_lists((BUILTIN_DIR,)), load_lists((BUILTIN_DIR, tmp_path))
    assert {"paralegal", "hygienist"} <= company.words("client_roles") - builtin.words("client_roles")
    assert "defragment" in company.words("fault_verbs") - builtin.words("fault_verbs")
    assert company.pattern("kit").search("the autoclaves") and not builtin.pattern("kit").search("the autoclaves")
    # Both take effect: the paralegal is a client role the blame parse knows; keeping the lab open is a benefit.
    company_coach = coach_full.variant(lexicons=[tmp_path])
    blame = "The paralegal deleted the shared folder, so the files are gone."
    ask = "We recommend replacing the server. It keeps the lab open on Saturdays."
    assert "blame.client_as_cause" not in {f.rule for f in coach_full.analyse(blame).findings}
    assert "blame.client_as_cause" in {f.rule for f in company_coach.analyse(blame).findings}
    assert "benefit.server" in {f.rule for f in coach_full.analyse(ask).findings}
    assert "benefit.server" not in {f.rule for f in company_coach.analyse(ask).findings}


CATCHES = section("What each analyser catches")


def test_what_each_analyser_catches_covers_every_category_and_names_real_rules():
    from coach.report import CATEGORIES

    assert set(re.findall(r"^- \*\*([a-z]+)\*\*", CATCHES, re.M)) == set(CATEGORIES)
    named = set(re.findall(r"`([a-z]+\.[a-z_]+)`", CATCHES)) - {"coach.analysers", "rules.yml"}
    named = {n for n in named if n.split(".")[0] in CATEGORIES}
    assert len(named) > 30
    unknown = sorted(n for n in named if n not in every_rule())
    assert unknown == [], f"the README names rules no analyser declares: {unknown}"


def test_the_lexicon_table_has_a_row_for_every_category():
    from coach.report import CATEGORIES

    rows = table_rows(ADDING, "category")
    assert set(CATEGORIES) <= {row[0] for row in rows}
