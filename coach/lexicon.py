"""Load and validate the rule lexicons (lexicons/*.yml, lexicons/lists/*.yml and any user directories).

Each rule file is a YAML list of entries; the schema (README "Adding a lexicon" and "How to add a rule"):

    - id: jargon.dhcp                 # unique, prefixed by its category
      kind: existence                 # existence | conditional | parse | absence
      match: {phrases: [DHCP]}        # or {regex: '...'} / {regex: [alt, alt]} / {list: NAME}; case_sensitive: true
      message: "'{text}' is ..."      # one line; {text} is the matched text
      suggestion: "..."               # the better way to say it (or null)
      action: {replace: "..."}        # remove | none | {replace: T} | {swap: {regex: T}} | {retell: NAME}
                                      #   | {insert_before: T} | {insert_after: T}; optional otherwise: ACTION
      severity: warning               # suggestion | warning | error
      audience: [non-technical, executive]   # whom it matters for (default: all)
      source: "Same conversation, different client (plain words)"  # the guidance it follows, in words to look up
      note: "..."                     # the why, from the reader's side
      when: {before: '...', after: '...', sentence: '...'}    # context required
      unless: {before: '...', after: '...', sentence: '...'}  # context that excuses
      check: client_is_agent          # optional named parse check in the analyser (kind: parse)
      needs: parse                    # tokens | parse | entities (default: parse with a check, else tokens)
      examples: {bad: [...], good: [...]}

Word lists live in lists/*.yml, one mapping of NAME -> {note, items} per file;
a list of the same name in a later directory extends the built-in one.

Every regex that comes from lexicon data is compiled by `compile_pattern`. A
malformed file fails loudly with the file and entry named: a broken lexicon is
an error, never a silent skip.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .report import AUDIENCES, SEVERITIES
from .safe_regex import UnsafePattern, compile_checked
from .yaml_file import YamlError, read_yaml

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "lexicons"
LISTS_DIR = "lists"
# Categories a lexicon may define; "allow" lists words from the client's own
# world that are never jargon (a CRM for a sales team, HIPAA for a clinic).
RULE_CATEGORIES = ("jargon", "blame", "condescension", "profanity", "benefit", "expectations", "empathy", "allow")
# Categories whose rules report something missing from the message.
ABSENCE_CATEGORIES = ("benefit", "expectations", "empathy")
ENTRY_KEYS = {
    "id",
    "kind",
    "match",
    "message",
    "suggestion",
    "action",
    "replacement",
    "severity",
    "audience",
    "source",
    "note",
    "when",
    "unless",
    "check",
    "examples",
    "needs",
}
MATCH_KEYS = {"phrases", "regex", "list", "case_sensitive"}
CONTEXT_KEYS = {"before", "after", "sentence"}
KINDS = ("existence", "conditional", "parse", "absence")
NEEDS = ("tokens", "parse", "entities")
ACTIONS = ("remove", "replace", "swap", "retell", "insert_before", "insert_after", "none")
LIST_KINDS = ("words", "phrases", "patterns")


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


def compile_pattern(text: str, where: str, flags: int = 0) -> re.Pattern[str]:
    """Compile one regex from lexicon data, or raise LexiconError naming where it came from.

    Every pattern read from lexicons/ or a user lexicon directory goes through here.
    """
    if not isinstance(text, str) or not text:
        raise LexiconError(f"{where} must be a non-empty string")
    try:
        return compile_checked(text, flags)
    except re.error as exc:
        raise LexiconError(f"{where} does not compile: {exc}") from None
    except UnsafePattern as exc:
        raise LexiconError(f"{where} could take exponential time on some text ({exc}); rewrite it") from None


@dataclass(frozen=True)
class Action:
    """How a rule's finding is fixed: the rewriter dispatches on `name`."""

    name: str = "none"  # remove | replace | swap | retell | insert_before | insert_after | none
    text: str | None = None  # replace / insert_*: the words (None: the analyser supplies them per finding)
    swaps: tuple[tuple[re.Pattern[str], str], ...] = ()  # swap: kinder wording for the phrase
    transformer: str | None = None  # retell: the name of a tested transformer in coach/reframe.py
    explain: bool = False  # replace: in the revision keep the term and add the words in brackets
    otherwise: Action | None = None  # tried when this action has nothing to offer for a finding
    glosses: tuple[tuple[str, str], ...] = ()  # replace: each term's own plain words (plain fix and brackets)
    forms: tuple[tuple[re.Pattern[str], str | None], ...] = ()  # replace: words for a found shape (None: no fix)

    def gloss_for(self, term: str) -> str | None:
        """Return one term's own plain words, or None when the entry gives none of its own."""
        words = term.lower().split()
        glosses = dict(self.glosses)
        # Adjacent terms found as one ("site-to-site IPsec", "SQL Server tempdb"): the last one names the thing.
        return next((glosses[k] for i in range(len(words)) if (k := " ".join(words[i:])) in glosses), None)

    def words_for(self, term: str) -> str | None:
        """Return the plain words that replace one found term: its gloss, else its form's, else the entry's."""
        own = self.gloss_for(term)
        if own is not None:
            return own
        for pattern, words in self.forms:
            m = pattern.fullmatch(term.strip())
            if m:
                return m.expand(words) if words is not None else None
        return self.text

    def replacement(self) -> str | None:
        """Return the exact text that may replace a finding's span, or None when the fix is not a substitute."""
        if self.name == "replace":
            return self.text
        if self.name == "remove":
            return ""
        return self.otherwise.replacement() if self.otherwise is not None else None


NO_ACTION = Action()
LIST_REF = re.compile(r"\{list:([a-z_]+)\}")  # a named list inside a regex


@dataclass(frozen=True)
class WordList:
    """A named, validated vocabulary that rules and analysers refer to by name."""

    name: str
    kind: str  # words | phrases | patterns
    items: tuple[str, ...]
    note: str = ""
    files: tuple[str, ...] = ()

    def regex(self) -> str:
        """Return the list as one regex alternation (words and phrases escaped, spaces flexible)."""
        if self.kind == "patterns":
            return "(?:" + "|".join(f"(?:{p})" for p in self.items) + ")"
        return phrase_body(self.items)

    def words(self) -> frozenset[str]:
        """Return the items in lower case, for set membership."""
        return frozenset(i.lower() for i in self.items)


class WordLists(dict[str, WordList]):
    """The named word lists, by name."""

    def get_list(self, name: str) -> WordList:
        """Return a list by name, or raise LexiconError naming the known ones."""
        if name not in self:
            raise LexiconError(f"unknown word list '{name}' (known: {', '.join(sorted(self)) or 'none'})")
        return self[name]

    def words(self, name: str) -> frozenset[str]:
        """Return a words/phrases list as a lower-case set."""
        return self.get_list(name).words()

    def regex(self, name: str, _seen: tuple[str, ...] = ()) -> str:
        """Return a list as a regex alternation; a pattern item may name another list as {list:NAME}."""
        if name in _seen:
            raise LexiconError(f"word list '{name}' refers to itself through {' -> '.join(_seen)}")
        wl = self.get_list(name)
        body = wl.regex()
        if wl.kind != "patterns" or "{list:" not in body:
            return body
        return LIST_REF.sub(lambda m: self.regex(m[1], (*_seen, name)), body)

    def pattern(self, name: str, template: str = r"\b{}\b", flags: int = re.IGNORECASE) -> re.Pattern[str]:
        """Return a list compiled into a template ("{}" is the alternation), through compile_pattern."""
        wl = self.get_list(name)
        return compile_pattern(template.replace("{}", self.regex(name)), f"{', '.join(wl.files)}: list '{name}'", flags)


@dataclass(frozen=True)
class Rule:
    """One validated lexicon entry (or a rule written in code), with its patterns compiled."""

    id: str
    category: str
    pattern: re.Pattern[str]
    message: str
    suggestion: str | None
    severity: str
    audience: frozenset[str]
    note: str = ""
    replacement: str | None = None
    when: dict[str, re.Pattern[str]] = field(default_factory=dict)
    unless: dict[str, re.Pattern[str]] = field(default_factory=dict)
    check: str | None = None
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    file: str = ""  # where the rule is defined (a lexicon file, or the analyser module for a code rule)
    source: str = ""  # the guidance it follows, named so a user can look it up
    phrases: tuple[str, ...] = ()
    needs: str = "tokens"  # what it needs from the pipeline: tokens | parse | entities
    kind: str = "existence"  # existence | conditional | parse | absence
    action: Action = NO_ACTION

    def applies_to(self, audience: str) -> bool:
        """Return whether this rule matters for the given reader."""
        return audience in self.audience


NEVER = re.compile(r"(?!)")


def code_rule(
    rule_id: str,
    message: str,
    suggestion: str | None,
    note: str,
    *,
    severity: str = "warning",
    audience: Iterable[str] = AUDIENCES,
    file: str = "",
    source: str = "",
    needs: str = "tokens",
    kind: str = "parse",
    action: Action = NO_ACTION,
    examples: dict[str, tuple[str, ...]] | None = None,
) -> Rule:
    """Return a Rule for a check written in code (no pattern), so its findings carry the same wording fields."""
    return Rule(
        id=rule_id,
        category=rule_id.split(".", 1)[0],
        pattern=NEVER,
        message=message,
        suggestion=suggestion,
        severity=severity,
        audience=frozenset(audience),
        note=note,
        replacement=action.replacement(),
        file=file,
        source=source,
        needs=needs,
        kind=kind,
        action=action,
        examples=examples or {},
    )


def phrase_body(phrases: Iterable[str]) -> str:
    """Return phrases as one alternation, longest first, spaces flexible, apostrophes either way."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in phrase.split())
        body = body.replace(r"\'", "['’]").replace("'", "['’]")
        parts.append(body)
    return "(?:" + "|".join(parts) + ")"


def phrase_regex(phrases: Iterable[str], case_sensitive: bool = False) -> re.Pattern[str]:
    """Compile phrases into one word-bounded regex, longest first, spaces flexible."""
    flags = 0 if case_sensitive else re.IGNORECASE
    return compile_pattern(r"(?<![\w-])" + phrase_body(phrases) + r"(?![\w-])", "phrases", flags)


def _fail(source: str, entry: Any, problem: str) -> LexiconError:
    name = entry.get("id") if isinstance(entry, dict) else None
    where = f"entry '{name}'" if name else "an entry"
    return LexiconError(f"{source}: {where}: {problem}")


def _where(source: str, entry: dict, what: str) -> str:
    return f"{source}: entry '{entry.get('id')}': {what}"


def _context(source: str, entry: dict, key: str, lists: WordLists) -> dict[str, re.Pattern[str]]:
    value = entry.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict) or not value or set(value) - CONTEXT_KEYS:
        raise _fail(source, entry, f"'{key}' must map some of {sorted(CONTEXT_KEYS)} to regexes")
    compiled = {}
    for where, regex in value.items():
        regex = _alternation(source, entry, regex, f"{key}.{where}", lists)
        if (where == "after" and regex.startswith("^")) or (where == "before" and regex.endswith("$")):
            raise _fail(
                source,
                entry,
                f"{key}.{where} is anchored next to the match already; drop the leading '^' / trailing '$'",
            )
        anchored = {"before": r"(?:{})\W*$", "after": r"^\W*(?:{})", "sentence": "{}"}[where]
        compiled[where] = compile_pattern(
            anchored.format(regex), _where(source, entry, f"{key}.{where}"), re.IGNORECASE
        )
    return compiled


def _alternation(source: str, entry: dict, value: Any, what: str, lists: WordLists) -> str:
    """Return a regex given as a string or a list of alternatives; {list:NAME} inserts a named list."""
    if isinstance(value, list):
        if not value or not all(isinstance(v, str) and v for v in value):
            raise _fail(source, entry, f"{what} must be a regex or a non-empty list of regexes")
        value = "|".join(f"(?:{v})" for v in value)
    if not isinstance(value, str) or not value:
        raise _fail(source, entry, f"{what} must be a non-empty string")

    def named(m: re.Match[str]) -> str:
        try:
            return lists.regex(m[1])
        except LexiconError as exc:
            raise _fail(source, entry, f"{what}: {exc}") from None

    return LIST_REF.sub(named, value)


def _match(source: str, entry: dict, lists: WordLists) -> tuple[re.Pattern[str], tuple[str, ...]]:
    match = entry.get("match")
    if not isinstance(match, dict) or set(match) - MATCH_KEYS:
        raise _fail(source, entry, f"'match' must be a mapping with keys from {sorted(MATCH_KEYS)}")
    case = bool(match.get("case_sensitive", False))
    if sum(k in match for k in ("phrases", "regex", "list")) != 1:
        raise _fail(source, entry, "'match' needs exactly one of 'phrases', 'regex' or 'list'")
    flags = 0 if case else re.IGNORECASE
    if "list" in match:
        try:
            wl = lists.get_list(match["list"])
        except (LexiconError, TypeError) as exc:
            raise _fail(source, entry, f"match.list: {exc}") from None
        if wl.kind == "patterns":
            try:
                body = lists.regex(wl.name)
            except LexiconError as exc:
                raise _fail(source, entry, f"match.list: {exc}") from None
            return compile_pattern(r"\b" + body + r"\b", _where(source, entry, "match.list"), flags), ()
        return phrase_regex(wl.items, case), wl.items
    if "phrases" in match:
        phrases = match["phrases"]
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise _fail(source, entry, "'phrases' must be a non-empty list of strings")
        return phrase_regex(phrases, case), tuple(phrases)
    regex = _alternation(source, entry, match["regex"], "match.regex", lists)
    return compile_pattern(regex, _where(source, entry, "match.regex"), flags), ()


def _examples(source: str, entry: dict) -> dict[str, tuple[str, ...]]:
    value = entry.get("examples", {})
    if not isinstance(value, dict) or set(value) - {"bad", "good"}:
        raise _fail(source, entry, "'examples' must map 'bad'/'good' to lists of strings")
    out = {}
    for kind, items in value.items():
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise _fail(source, entry, f"examples.{kind} must be a list of strings")
        out[kind] = tuple(items)
    return out


def _optional_str(source: str, entry: dict, key: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise _fail(source, entry, f"'{key}' must be a string")
    return value


def parse_action(source: str, entry: dict, value: Any, what: str = "action", lists: WordLists | None = None) -> Action:
    """Validate an action (a name, or a one-key mapping with optional 'otherwise'/'explain') and return it.

    A swap pattern may name a word list as {list:NAME}, like a match regex.
    """
    lists = lists if lists is not None else WordLists()
    if value is None or value == "none":
        return NO_ACTION
    if isinstance(value, str):
        if value not in ("remove", "replace", "insert_before", "insert_after"):
            raise _fail(source, entry, f"{what} '{value}' is not one of {', '.join(ACTIONS)}")
        return Action(value)  # replace / insert_*: the analyser supplies the words per finding
    if not isinstance(value, dict):
        raise _fail(source, entry, f"{what} must be a name or a mapping")
    rest = dict(value)
    otherwise = (
        parse_action(source, entry, rest.pop("otherwise"), f"{what}.otherwise", lists) if "otherwise" in rest else None
    )
    explain = rest.pop("explain", False)
    glosses = rest.pop("glosses", None) or {}
    if not isinstance(glosses, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in glosses.items()
    ):
        raise _fail(source, entry, f"{what}.glosses must map each term to its plain words")
    forms = rest.pop("forms", None) or {}
    if not isinstance(forms, dict) or not all(isinstance(v, str) and v.strip() or v is None for v in forms.values()):
        raise _fail(source, entry, f"{what}.forms must map a regex to its plain words (or null: no fix)")
    if (glosses or forms) and not explain:
        raise _fail(source, entry, f"{what}.glosses and forms need explain: true (they are also the words in brackets)")
    if len(rest) != 1 or next(iter(rest)) not in ACTIONS:
        raise _fail(source, entry, f"{what} must name one of {', '.join(ACTIONS)}")
    name, arg = next(iter(rest.items()))
    if name in ("replace", "insert_before", "insert_after"):
        if not isinstance(arg, str) or (name != "replace" and not arg.strip()):
            raise _fail(source, entry, f"{what}.{name} must be a string")
        terms = tuple((" ".join(k.lower().split()), v.strip()) for k, v in glosses.items())
        shapes = tuple(
            (
                compile_pattern(
                    _alternation(source, entry, k, f"{what}.forms", lists),
                    _where(source, entry, f"{what}.forms"),
                    re.IGNORECASE,
                ),
                v.strip() if isinstance(v, str) else None,
            )
            for k, v in forms.items()
        )
        if (terms or shapes) and name != "replace":
            raise _fail(source, entry, f"{what}.glosses and forms belong to a replace")
        return Action(name, text=arg, explain=bool(explain), otherwise=otherwise, glosses=terms, forms=shapes)
    if name == "swap":
        if not isinstance(arg, dict) or not arg or not all(isinstance(v, str) for v in arg.values()):
            raise _fail(source, entry, f"{what}.swap must map regexes to their kinder wording")
        swaps = tuple(
            (
                compile_pattern(
                    _alternation(source, entry, str(k), f"{what}.swap", lists),
                    _where(source, entry, f"{what}.swap"),
                    re.IGNORECASE,
                ),
                v,
            )
            for k, v in arg.items()
        )
        return Action("swap", swaps=swaps, otherwise=otherwise)
    if name == "retell":
        if not isinstance(arg, str) or not re.fullmatch(r"[a-z_]+", arg):
            raise _fail(source, entry, f"{what}.retell must name a transformer")
        return Action("retell", transformer=arg, otherwise=otherwise)
    return Action(name, otherwise=otherwise)


def _kind(source: str, entry: dict, category: str, check: str | None) -> str:
    has_context = bool(entry.get("when") or entry.get("unless"))
    if category in ABSENCE_CATEGORIES:
        inferred = "absence"
    elif check:
        inferred = "parse"
    elif has_context:
        inferred = "conditional"
    else:
        inferred = "existence"
    kind = entry.get("kind", inferred)
    if kind not in KINDS:
        raise _fail(source, entry, f"kind '{kind}' is not one of {', '.join(KINDS)}")
    if kind != inferred and not (kind == "parse" and check) and category != "allow":
        raise _fail(source, entry, f"kind '{kind}' does not fit the entry (it reads as '{inferred}')")
    return kind


def parse_entry(source: str, entry: Any, lists: WordLists | None = None) -> Rule:
    """Validate one lexicon entry and return it as a compiled Rule."""
    lists = lists if lists is not None else WordLists()
    if not isinstance(entry, dict):
        raise _fail(source, entry, "each entry must be a mapping")
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise _fail(source, entry, f"unknown keys {sorted(unknown)}")
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z]+\.[a-z0-9_.]+", rule_id):
        raise _fail(source, entry, "'id' must look like 'category.name' (lowercase)")
    category = rule_id.split(".", 1)[0]
    if category not in RULE_CATEGORIES:
        raise _fail(source, entry, f"unknown category '{category}' (known: {', '.join(RULE_CATEGORIES)})")
    pattern, phrases = _match(source, entry, lists)
    message = entry.get("message", "" if category == "allow" else None)
    if not isinstance(message, str) or (category != "allow" and not message.strip()):
        raise _fail(source, entry, "'message' must be a non-empty string")
    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        raise _fail(source, entry, f"severity '{severity}' is not one of {', '.join(SEVERITIES)}")
    audience = entry.get("audience", list(AUDIENCES))
    if not isinstance(audience, list) or not audience or set(audience) - set(AUDIENCES):
        raise _fail(source, entry, f"'audience' must be a list drawn from {', '.join(AUDIENCES)}")
    check = _optional_str(source, entry, "check")
    needs = entry.get("needs", "parse" if check else "tokens")
    if needs not in NEEDS:
        raise _fail(source, entry, f"'needs' must be one of {', '.join(NEEDS)}")
    if "action" in entry and "replacement" in entry:
        raise _fail(source, entry, "give either 'action' or its shorthand 'replacement', not both")
    replacement = _optional_str(source, entry, "replacement")
    if "action" in entry:
        action = parse_action(source, entry, entry["action"], lists=lists)
    elif replacement is not None:  # shorthand: "" removes, any other text replaces
        action = Action("remove") if replacement == "" else Action("replace", text=replacement)
    else:
        action = NO_ACTION
    return Rule(
        id=rule_id,
        category=category,
        pattern=pattern,
        message=message.strip(),
        suggestion=_optional_str(source, entry, "suggestion"),
        severity=severity,
        audience=frozenset(audience),
        note=(_optional_str(source, entry, "note") or "").strip(),
        replacement=action.replacement(),
        when=_context(source, entry, "when", lists),
        unless=_context(source, entry, "unless", lists),
        check=check,
        examples=_examples(source, entry),
        file=source,
        source=(_optional_str(source, entry, "source") or "").strip(),
        phrases=phrases,
        needs=needs,
        kind=_kind(source, entry, category, check),
        action=action,
    )


def _read_yaml(path: Path) -> Any:
    """Return the YAML in a file, or raise LexiconError naming it (and the line)."""
    try:
        return read_yaml(path)
    except YamlError as exc:
        raise LexiconError(f"cannot be read as YAML: {exc}") from None


def load_file(path: Path, lists: WordLists | None = None) -> list[Rule]:
    """Load and validate one lexicon file."""
    data = _read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise LexiconError(f"{path}: a lexicon must be a YAML list of entries")
    return [parse_entry(str(path), entry, lists) for entry in data]


def load_list_file(path: Path, lists: WordLists) -> None:
    """Load one file of named word lists into `lists`; a name already known is extended."""
    data = _read_yaml(path)
    if data is None:
        return
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a word-list file must map list names to {{note, kind, items}}")
    for name, spec in data.items():
        where = f"{path}: list '{name}'"
        if not isinstance(name, str) or not re.fullmatch(r"[a-z_]+", name):
            raise LexiconError(f"{where}: a list name is lowercase letters and underscores")
        if not isinstance(spec, dict) or set(spec) - {"note", "kind", "items"} or "items" not in spec:
            raise LexiconError(f"{where}: give 'items' (and optionally 'note' and 'kind')")
        items = spec["items"]
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise LexiconError(f"{where}: 'items' must be a non-empty list of strings")
        old = lists.get(name)
        kind = spec.get("kind", old.kind if old else "phrases")
        if kind not in LIST_KINDS or (old is not None and kind != old.kind):
            raise LexiconError(f"{where}: kind must be one of {', '.join(LIST_KINDS)} (and match the list it extends)")
        if kind == "words" and any(len(i.split()) != 1 for i in items):
            raise LexiconError(f"{where}: a 'words' list holds single words")
        if kind == "patterns":
            for item in items:
                compile_pattern(item, f"{where}: item", re.IGNORECASE)
        merged = tuple(dict.fromkeys((old.items if old else ()) + tuple(items)))
        note = (old.note if old else "") or str(spec.get("note", ""))
        lists[name] = WordList(name, kind, merged, note, (old.files if old else ()) + (str(path),))


def lexicon_dirs(extra: Iterable[str | os.PathLike] = ()) -> tuple[Path, ...]:
    """Return the built-in directory, then COACH_LEXICONS entries, then extra ones."""
    dirs = [BUILTIN_DIR]
    env = os.environ.get("COACH_LEXICONS", "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    dirs += [Path(p) for p in extra]
    return tuple(dict.fromkeys(d.resolve() for d in dirs))


@lru_cache(maxsize=8)
def load_lists(dirs: tuple[Path, ...]) -> WordLists:
    """Load every lists/*.yml in the directories, once; later directories extend earlier lists."""
    lists = WordLists()
    for directory in dirs:
        if not directory.is_dir():
            raise LexiconError(f"{directory}: lexicon directory not found")
        folder = directory / LISTS_DIR
        if folder.is_dir():
            for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
                load_list_file(path, lists)
    return lists


@lru_cache(maxsize=8)
def load_rules(dirs: tuple[Path, ...]) -> tuple[Rule, ...]:
    """Load every *.yml in the directories, once, checking ids are unique."""
    lists = load_lists(dirs)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for directory in dirs:
        for path in sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml")):
            for rule in load_file(path, lists):
                if rule.id in seen:
                    raise LexiconError(f"{path}: entry '{rule.id}': id already defined in {seen[rule.id]}")
                seen[rule.id] = str(path)
                rules.append(rule)
    return tuple(rules)
