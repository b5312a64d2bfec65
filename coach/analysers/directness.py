"""Directness: blunt requests and demands to the client, each with a softer retelling ready to apply.

Catches a bare order ("Send me the figures by noon."), an obligation ("You need to sign
the form today."), a demand ("I need you to reset it."), a reprimanding why-question
("Why didn't you run the update?") and "ASAP", and retells each as a request that keeps
every word of its content: "Could you send me the figures by noon?", "Could you let me know
whether you were able to run the update?". The retellings are named transformers here (they
need the parse: is the sentence an order, what is its verb); what the user reads is in
lexicons/softening/rules.yml.

Not flagged: a request that already says please or asks ("Could you...?"), conventional
imperatives ("Let me know if...", "Have a good weekend", "See the attached"), steps of
instructions (a message with three or more orders is a how-to), list items, and sentences
another finding already rewrites (blame, condescension, profanity).

Why: "Same conversation, different client" (patience; how the client hears you) and
"Keeping the Love Alive" (expectations set together). The paper behind the politeness
strategies (Danescu-Niculescu-Mizil et al., 2013) finds imperatives at the start of a
request among the strongest signals of impoliteness, and indirect "could you" among the politest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from ..lexicon import BUILTIN_DIR, Action, Rule, WordLists, code_rule, load_lists
from ..message_parts import BUILTIN_PARTS, MessageParts
from ..nlp import has_parse, sentences
from ..report import Finding
from ..yaml_file import YamlError, read_yaml

RULES_FILE = Path(__file__).resolve().parent.parent.parent / "lexicons" / "softening" / "rules.yml"
KEYS = {"id", "retell", "message", "suggestion", "note", "source", "examples"}
# Short capitalised lines with no sentence punctuation after a blank line, at the very end: a name, a title.
NAME_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*[A-Z][^\s.!?:,]*(?:[ \t]+[^\s.!?:,]+){0,2}[ \t]*(?:\n|$)){1,4}\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*•‣▪]|\d+[.)]|[a-z][.)])\s")
ASAP = re.compile(r"\b(?:a\.s\.a\.p\b\.?|asap\b)", re.IGNORECASE)
OBLIGATION = re.compile(
    r"^(?P<lead>[^\w]*)(?:you|u)\s+(?:really\s+|simply\s+|just\s+|now\s+)?"
    r"(?:must|need\s+to|have\s+to|have\s+got\s+to|['’]ve\s+got\s+to|gotta)\s+(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
NEED_YOU = re.compile(
    r"^(?P<lead>[^\w]*)(?:i|we)\s+(?:really\s+|just\s+|now\s+)?(?:need|want|require|expect)\s+(?:you|u)\s+to\s+"
    r"(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
NEED_THING = re.compile(
    r"^(?P<lead>[^\w]*)i\s+(?:really\s+|just\s+)?(?:need|want)\s+(?=(?:the|a|an|your|this|that|these|those|all|"
    r"some|any|every|my|our|copies|details)\b)",
    re.IGNORECASE,
)
WHY = re.compile(
    r"^(?P<lead>[^\w]*)why\s+(?P<aux>didn['’]t|did\s+not|don['’]t|do\s+not|haven['’]t|have\s+not|can['’]t|"
    r"couldn['’]t|won['’]t|wouldn['’]t)\s+you\s+(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
END = re.compile(r"[\s.!?]*$")


@dataclass(frozen=True)
class Vocabulary:
    """The softening rules' word lists (lexicons/lists/directness.yml), read once per analyser."""

    lead_skip: frozenset[str]
    conventional: frozenset[str]
    not_demands: frozenset[str]
    softeners: frozenset[str]
    unfinished: frozenset[str]
    not_actions: frozenset[str]
    not_requests: frozenset[str]
    idioms: re.Pattern[str]
    dropped: frozenset[str]
    gratitude: re.Pattern[str]
    polite: re.Pattern[str]
    courtesies: re.Pattern[str]
    asap_verbs: re.Pattern[str]

    @classmethod
    def from_lists(cls, lists: WordLists) -> Vocabulary:
        """Return the vocabulary from the named lists (a company folder's additions included)."""
        return cls(
            lead_skip=lists.words("directness_lead_skip"),
            conventional=lists.words("directness_conventional"),
            not_demands=lists.words("directness_not_demands"),
            softeners=lists.words("directness_softeners"),
            unfinished=lists.words("directness_unfinished"),
            not_actions=lists.words("directness_not_actions"),
            not_requests=lists.words("directness_not_requests"),
            idioms=lists.pattern("directness_idioms", r"^\W*(?:please\s+)?{}\b"),
            dropped=lists.words("directness_dropped"),
            gratitude=lists.pattern("directness_gratitude"),
            polite=lists.pattern("directness_polite"),
            courtesies=lists.pattern("directness_courtesies"),
            asap_verbs=lists.pattern("directness_asap_verbs", r"^\s*(?:please\s+)?{}\b"),
        )


@lru_cache(maxsize=1)
def builtin_vocabulary() -> Vocabulary:
    """Return the vocabulary of the built-in lists."""
    return Vocabulary.from_lists(load_lists((BUILTIN_DIR,)))


class SofteningRulesError(ValueError):
    """lexicons/softening/rules.yml is malformed."""


@dataclass(frozen=True)
class SofteningRule:
    """The wording of one softening rule, and the name of its transformer."""

    id: str
    retell: str
    message: str
    suggestion: str
    note: str
    source: str
    examples: dict[str, tuple[str, ...]]


@lru_cache(maxsize=4)
def load_softening_rules(path: Path = RULES_FILE) -> dict[str, SofteningRule]:
    """Load and validate the softening rules, naming the file and entry on error."""
    try:
        data = read_yaml(path)
    except YamlError as exc:
        raise SofteningRulesError(str(exc)) from None
    if not isinstance(data, list):
        raise SofteningRulesError(f"{path}: expected a list of entries")
    rules: dict[str, SofteningRule] = {}
    for n, entry in enumerate(data, 1):
        where = f"{path}: entry {n} ({entry.get('id', '?') if isinstance(entry, dict) else '?'})"
        if not isinstance(entry, dict) or set(entry) != KEYS:
            raise SofteningRulesError(f"{where}: expected exactly the keys {sorted(KEYS)}")
        if entry["retell"] not in RETELLERS:
            raise SofteningRulesError(f"{where}: unknown retell '{entry['retell']}' (known: {', '.join(RETELLERS)})")
        if entry["id"] in rules:
            raise SofteningRulesError(f"{where}: duplicate id")
        examples = {k: tuple(v) for k, v in (entry["examples"] or {}).items()}
        text = {k: " ".join(str(entry[k]).split()) for k in KEYS - {"examples"}}
        rules[entry["id"]] = SofteningRule(examples=examples, **text)
    return rules


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:1].isupper() and not s[1:2].isupper() else s


def _body(s: str) -> str:
    """Return the sentence without its closing punctuation and spaces."""
    return END.sub("", s)


def _soften_asap(s: str) -> str:
    return ASAP.sub("as soon as you can", s)


YOU = re.compile(r"\b(?:you|your|u)\b", re.IGNORECASE)


def _opens(lead: str) -> bool:
    """Return whether text after lead starts a sentence (nothing before it, or a line break or stop)."""
    return not lead.strip() or bool(re.search(r"(?:\n|[.!?:])\s*$", lead))


def _opener(lead: str, words: str) -> str:
    """Return words capitalised when they open a sentence after lead."""
    return words[:1].upper() + words[1:] if _opens(lead) else words


def _clean_lead(lead: str, vocab: Vocabulary) -> str:
    """Drop a minimiser from the lead-in ("Just send" -> "Could you send") and give a bare one its comma.

    Only the lead's last line is touched: a greeting line above it stays exactly as written.
    """
    cut = lead.rfind("\n") + 1
    head, tail = lead[:cut], lead[cut:]
    indent = tail[: len(tail) - len(tail.lstrip())]
    words = tail.split()
    while words and words[-1].lower().strip(",") in vocab.softeners:
        words.pop()
    if not words:
        return head + indent
    out = " ".join(words)
    if out[-1].isalpha():
        out += ","  # "Also could you" -> "Also, could you"
    return f"{head}{indent}{out} "


def _ask(lead: str, rest: str, vocab: Vocabulary) -> str:
    """Return lead + "Could you" + rest as a question (lower-case "could" after a lead-in like "Also, ")."""
    lead = _clean_lead(lead, vocab)
    opener = _opener(lead, "could you")
    return f"{lead}{opener} {_lower_first(_soften_asap(_body(rest)))}?"


def imperative_to_request(sent: Span, start: int, vocab: Vocabulary) -> str | None:
    """Retell a bare order as a question: "Send me X." -> "Could you send me X?"; "Don't X." -> "Please don't X."."""
    text = sent.text
    offset = start - sent.start_char
    lead, rest = text[:offset], text[offset:]
    words = rest.split()
    if (
        len(words) >= 2
        and words[0].lower() in {"do", "don't", "don’t"}
        and (words[0].lower() != "do" or words[1].lower() in {"not", "n't"})
    ):
        after = words[2] if words[0].lower() == "do" and len(words) > 2 else words[1]
        if after.lower().strip(",.!") in vocab.not_demands:
            return None
        lead = _clean_lead(lead, vocab)
        opener = _opener(lead, "please")
        return f"{lead}{opener} {_lower_first(_soften_asap(_body(rest)))}."
    if rest[:1].islower() or rest[:1].isupper():
        return _ask(lead, rest, vocab)
    return None


def obligation_to_request(sent: Span, start: int, vocab: Vocabulary) -> str | None:
    """Retell "You need to sign it." as "Could you sign it?"."""
    m = OBLIGATION.match(sent.text)
    if not m or m["verb"].lower() in vocab.not_actions:
        return None
    return _ask(m["lead"], sent.text[m.start("verb") :], vocab)


def need_you_to_request(sent: Span, start: int, vocab: Vocabulary) -> str | None:
    """Retell "I need you to send it." as "Could you send it?" and "I need the report." as "I'd appreciate the report."."""
    m = NEED_YOU.match(sent.text)
    if m:
        return _ask(m["lead"], sent.text[m.start("verb") :], vocab)
    m = NEED_THING.match(sent.text)
    if m:
        rest = sent.text[m.end() :]
        return f"{m['lead']}I'd appreciate {_soften_asap(_body(rest))}."
    return None


def why_question_to_request(sent: Span, start: int, vocab: Vocabulary) -> str | None:
    """Retell "Why didn't you run it?" as "Could you let me know whether you were able to run it?"."""
    m = WHY.match(sent.text)
    if not m:
        return None
    aux = m["aux"].lower().replace("’", "'")
    rest = _soften_asap(_body(sent.text[m.start("verb") :]))
    opener = _opener(m["lead"], "could you")
    if aux in {"didn't", "did not"}:
        return f"{m['lead']}{opener} let me know whether you were able to {rest}?"
    if aux in {"haven't", "have not"}:
        return f"{m['lead']}{opener} let me know whether you have {rest}?"
    return f"{m['lead']}{opener} {rest}?"  # "why don't you take a look" is a suggestion: ask it


def asap_to_time(sent: Span, start: int, vocab: Vocabulary) -> str | None:
    """Replace "ASAP" with "as soon as you can" (or "as soon as possible" where no one is addressed)."""
    addressed = YOU.search(sent.text) or vocab.asap_verbs.match(sent.text)
    return "as soon as you can" if addressed else "as soon as possible"


# A name signed onto the end of the last sentence with a dash: "-dad", "--sally", "reservations.-dad".
SIGNED = re.compile(r"(?:^|[.!?,])(?:--?|[–—])[A-Za-z][\w.]*$")


def add_thanks(sent: Span, start: int, vocab: Vocabulary) -> str | None:
    """Add "Thank you." after a request sentence."""
    return sent.text.rstrip() + " Thank you."


Retell = Callable[[Span, int, Vocabulary], "str | None"]
RETELLERS: dict[str, Retell] = {
    "imperative_to_request": imperative_to_request,
    "obligation_to_request": obligation_to_request,
    "need_you_to_request": need_you_to_request,
    "why_question_to_request": why_question_to_request,
    "asap_to_time": asap_to_time,
    "add_thanks": add_thanks,
}
REQUEST = re.compile(r"\b(?:please|could\s+you|would\s+you|can\s+you|will\s+you|let\s+(?:me|us)\s+know)\b", re.I)


def order_verb(sent: Span, vocab: Vocabulary | None = None) -> int | None:
    """Return the character offset of the verb that opens a bare order, or None when the sentence is not one."""
    vocab = vocab or builtin_vocabulary()
    tokens = [t for t in sent if not t.is_space]
    i = 0
    while i < len(tokens) and (tokens[i].is_punct or tokens[i].lower_ in vocab.lead_skip or tokens[i].pos_ == "INTJ"):
        i += 1
    if i + 1 < len(tokens) and tokens[i].pos_ == "PROPN" and tokens[i + 1].text == ",":
        i += 2  # "Sam, send me..." addresses someone by name
        while i < len(tokens) and tokens[i].lower_ in vocab.lead_skip:
            i += 1
    if i >= len(tokens) - 1:
        return None
    verb = tokens[i]
    if verb.tag_ != "VB" or verb.lower_ in vocab.conventional or verb.lemma_.lower() in vocab.conventional:
        return None
    if verb.lower_ in vocab.not_requests or verb.lemma_.lower() in vocab.not_requests:
        return None  # "Disagree with the quote if you like": a state or an opinion is nothing the reader can do for us
    if vocab.idioms.match(sent.text[verb.idx - sent.start_char :]):
        return None  # "Give me a break.": an exclamation, and "Could you give me a break?" reads as sarcasm
    head = verb if verb.dep_ == "ROOT" else verb.head
    if head.dep_ != "ROOT" or any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in head.children):
        return None
    if sent.text.rstrip().endswith(("?", ":")):
        return None
    titled = [t for t in tokens[i:] if t.is_alpha and len(t) > 3]
    if len(titled) >= 3 and sum(t.text[:1].isupper() for t in titled) > 0.6 * len(titled):
        return None  # a headline or a subject line, not a sentence to a person
    return verb.idx


class DirectnessAnalyser:
    """Find blunt requests to the client, each with a softer retelling as its replacement."""

    category = "directness"

    def __init__(
        self,
        rules: Sequence[Rule] = (),
        lists: WordLists | None = None,
        softening: dict[str, SofteningRule] | None = None,
    ):
        self.softening = softening if softening is not None else load_softening_rules()
        self.parts = MessageParts.from_lists(lists) if lists is not None else BUILTIN_PARTS
        self.vocab = Vocabulary.from_lists(lists) if lists is not None else builtin_vocabulary()
        # Declared like every analyser's rules; the fix is each finding's own retelling (replace, per finding).
        self._rules = tuple(
            code_rule(
                r.id,
                r.message,
                r.suggestion,
                r.note,
                severity="suggestion",
                file=str(RULES_FILE),
                source=r.source,
                needs="parse",
                kind="parse",
                action=Action(name="replace"),
                examples=r.examples,
            )
            for r in self.softening.values()
        )

    @property
    def rules(self) -> Sequence[Rule]:
        """Return the softening rules as declared rules."""
        return self._rules

    def needs(self, doc: Doc) -> frozenset[str]:
        """Return what the analyser needs beyond the parse it gets (nothing)."""
        return frozenset()

    def __call__(self, doc: Doc, audience: str) -> list[Finding]:
        """Return directness findings (the engine drops those that another finding rewrites)."""
        return self.find(doc, [])

    def find(self, doc: Doc, findings: Sequence[Finding]) -> list[Finding]:
        """Return directness findings for sentences no other finding rewrites."""
        if not has_parse(doc):
            return []
        index = sentences(doc)
        text = index.text
        taken = [(f.start, f.end) for f in findings if f.category in {"blame", "condescension", "profanity"}]
        candidates: list[tuple[str, Span, int]] = []
        orders = 0
        for sent in index.spans:
            stripped = sent.text.strip()
            if not stripped or LIST_ITEM.match(text[text.rfind("\n", 0, sent.start_char) + 1 : sent.end_char]):
                continue
            if any(a < sent.end_char and sent.start_char < b for a, b in taken):
                continue
            rule = self._sentence_rule(sent)
            if rule is not None:
                orders += rule[0] == "directness.bare_imperative"
                candidates.append((rule[0], sent, rule[1]))
            elif ASAP.search(stripped):
                m = ASAP.search(text, sent.start_char, sent.end_char)
                if m:
                    candidates.append(("directness.asap", sent, m.start()))
        if orders >= 3:  # a how-to: steps are rightly imperatives
            candidates = [c for c in candidates if c[0] != "directness.bare_imperative"]
        out = []
        for rule_id, sent, start in candidates:
            finding = self._finding(rule_id, sent, start, text)
            if finding is not None:
                out.append(finding)
        return self._thank(out, index.spans, taken, text)

    def _thank(self, out: list[Finding], spans: list[Span], taken: list[tuple[int, int]], text: str) -> list[Finding]:
        """Add one closing thank-you to a message that asks for something and thanks no one.

        It goes after the body's last sentence, before any sign-off or signature (never mid-text
        and never after "Best, Sam"), and only when that sentence is free to take it.
        """
        rule = self.softening.get("directness.thank_you")
        if rule is None or self.vocab.gratitude.search(text):
            return out
        retold = {f.start: f for f in out if f.rule != "directness.asap"}
        body_end = self._body_end(text)
        asks = False
        last = None
        for sent in spans:
            a = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            b = a + len(sent.text.strip())
            if b <= a or a >= body_end:
                continue
            asks = (
                asks or a in retold or bool(REQUEST.search(sent.text) and not self.vocab.courtesies.search(sent.text))
            )
            last = (a, min(b, body_end))
        if last is None or not asks:
            return out
        a, b = last
        if a in retold:  # the retelling of that sentence carries the thanks too
            f = retold[a]
            out[out.index(f)] = replace(f, replacement=f"{f.replacement} Thank you.")
            return out
        if any(f.start < b and a < f.end for f in out) or any(x < b and a < y for x, y in taken):
            return out  # another fix rewrites the last sentence: no thanks glued onto it
        # An insertion-sized edit at the end of the sentence, so fixes inside the sentence still apply.
        end_mark = text[b - 1] if text[b - 1 : b] in (".", "?", "!") else ""
        last_word = text[a:b].split()[-1]
        if SIGNED.search(last_word):
            return out  # a signature stuck to the sentence ("...reservations.-dad", "--sally"): the thanks goes nowhere
        if not end_mark and (not last_word[-1:].isalnum() or last_word.lower() in self.vocab.unfinished):
            return out  # a sentence that stops mid-way ("... let me know and") gets no full stop from us
        start = b - 1 if end_mark else b - len(last_word)
        out.append(self._make(rule, text, start, b, (end_mark or text[start:b] + ".") + " Thank you."))
        return out

    def _body_end(self, text: str) -> int:
        """Return where the body ends: before a sign-off ("Best,\nSam") or a "-- " signature."""
        end = self.parts.body_span(text)[1]
        delimiter = re.search(r"\n(?:--|__)[ \t]*\n", text)
        name = NAME_LINES.search(text)  # "...\n\nSam" or "Sam Jones\nAcme IT": a signature without a closing word
        return min([end] + [m.start() for m in (delimiter, name) if m])

    def _sentence_rule(self, sent: Span) -> tuple[str, int] | None:
        s = sent.text
        if self.vocab.polite.search(s):
            return None
        if WHY.match(s):
            return ("directness.why_didnt_you", sent.start_char)
        if OBLIGATION.match(s):
            return ("directness.you_must", sent.start_char)
        if NEED_YOU.match(s) or NEED_THING.match(s):
            return ("directness.need_you_to", sent.start_char)
        verb = order_verb(sent, self.vocab)
        if verb is not None:
            return ("directness.bare_imperative", verb)
        return None

    def _finding(self, rule_id: str, sent: Span, start: int, text: str) -> Finding | None:
        rule = self.softening.get(rule_id)
        if rule is None:
            return None
        new = RETELLERS[rule.retell](sent, start, self.vocab)
        if new is None:
            return None
        if rule_id == "directness.asap":
            m = ASAP.match(text, start)
            a, b = start, m.end() if m else start
        else:
            a = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            b = sent.start_char + len(sent.text.rstrip())
            new = new.strip()
            new = new[:1].upper() + new[1:]  # the retelling opens its sentence
        if not safe_retelling(text[a:b], new, self.vocab.dropped):
            return None
        return self._make(rule, text, a, b, new)

    def _make(self, rule: SofteningRule, text: str, start: int, end: int, new: str) -> Finding:
        """Return the finding of one softening rule for text[start:end], with its retelling as the replacement."""
        return Finding(
            category=self.category,
            rule=rule.id,
            start=start,
            end=end,
            text=text[start:end],
            message=rule.message,
            suggestion=rule.suggestion,
            severity="suggestion",
            note=f"{rule.note} (Source: {rule.source}.)",
            replacement=new,
        )


WORD = re.compile(r"[\w'’]+")


def safe_retelling(old: str, new: str, dropped: frozenset[str] | None = None) -> bool:
    """Return whether a retelling keeps every content word and number of the draft and doubles none."""
    old_words = [w.lower() for w in WORD.findall(old)]
    new_words = [w.lower() for w in WORD.findall(new)]
    dropped = dropped if dropped is not None else builtin_vocabulary().dropped
    if any(w not in new_words for w in old_words if w not in dropped):
        return False
    doubled = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
    if len(doubled.findall(new)) > len(doubled.findall(old)):
        return False
    return bool(re.search(r"[.?!]$", new)) or new.startswith("as soon as")
