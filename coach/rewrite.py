"""Fixes: turn findings into edits by their rule's action, apply one or all of them, keep offsets valid.

Each rule carries its fix as data (`action` in its lexicon entry, or in its
code rule); the Rewriter dispatches on it and never re-detects a rule:
- remove: delete the phrase, mending spaces, commas and capitals (a phrase
  that is most of its sentence takes the sentence with it);
- replace: TEXT: the plain words (with explain, the revision keeps the term
  and adds the words in brackets, so nothing the writer meant is lost);
- swap: {regex: text}: the kinder wording for the phrase around the finding;
- retell: NAME: a named transformer in coach/reframe.py rewords the sentence;
- insert_before / insert_after: TEXT: an opening before the finding's
  sentence, or a sentence after it (never one the message already has);
- none: only the writer can fix it (the card says what to do);
- otherwise: ACTION: tried when the first action has nothing to offer.

Sentences come from the Coach's own Doc (nlp.Sentences, cut at line breaks)
and any parse from the Coach's own pipeline. A finding whose text no longer
matches the draft (stale) gets no edit. `apply_all` never lets two edits
overlap (the first in text order wins; an insertion at the edge of a
replacement is not an overlap), never inserts the same sentence twice, and
tidies spacing and punctuation only next to the edits: every other character
stays as it was. `shift` re-maps the remaining findings after one is applied,
so a front-end can offer "Apply" per finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .edit_check import KEEP_SHARE, PARSE_LIMIT, RETELL_KEEP_SHARE, rejection
from .lexicon import BUILTIN_DIR, NO_ACTION, Action, LexiconError, Rule, WordLists, load_lists, parse_action
from .message_parts import GREETING
from .nlp import sentences
from .reframe import RETELLERS, Context, Words, at_sentence_start, cap, retell_words
from .repeats import is_stop_word, modifier_words, repeats_added, same_words
from .report import Finding, RevisionEdit
from .revision_account import ACCOUNT_RETELLERS
from .revision_sneer import SNEER_RETELLERS
from .yaml_file import read_yaml

# The retellers a rule or a semantic fix may name: coach/reframe.py's, the neutral account's and the sneers'.
ALL_RETELLERS = {**RETELLERS, **ACCOUNT_RETELLERS, **SNEER_RETELLERS}
SEMANTIC_FIXES = BUILTIN_DIR / "revision" / "semantic_fixes.yml"


@lru_cache(maxsize=1)
def semantic_fixes() -> dict[str, Action]:
    """Return the actions that fix the semantic layer's findings, by finding id (lexicons/revision/semantic_fixes.yml)."""
    data = read_yaml(SEMANTIC_FIXES) or {}
    if not isinstance(data, dict):
        raise LexiconError(f"{SEMANTIC_FIXES}: map a finding id to its action")
    source = str(SEMANTIC_FIXES)
    fixes = {str(k): parse_action(source, {"id": str(k)}, v) for k, v in data.items()}
    for key, action in fixes.items():
        if action.name == "retell" and action.transformer not in ALL_RETELLERS:
            raise LexiconError(f"{source}: '{key}': unknown retell '{action.transformer}'")
    return fixes


# A removed phrase that makes up most of its sentence takes the sentence with it.
WHOLE_SENTENCE_SHARE = 0.6
DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|your|our|this|that|these|those|their|its|my)[ \t]+$", re.IGNORECASE)
DETERMINER_START = re.compile(r"(?:the|a|an|your|our|this|that)\s", re.IGNORECASE)
# A possessive, or a determiner and one modifier, right before the replaced words.
MODIFIED_BEFORE = re.compile(
    r"(?:\w['’]s|\b(?:the|a|an|your|our|this|that|these|those|my|its|their)\s+[\w-]+)[ \t]+$", re.IGNORECASE
)
SWAP_WINDOW = 200  # characters around a finding searched for its swap (linear on run-on text)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `text` (insert when start == end), on behalf of one finding."""

    start: int
    end: int
    text: str
    finding: Finding | None = None
    cap_next: bool = False  # capitalise what follows once applied (a deletion that now opens a sentence)


def interjection_pattern(lists: WordLists) -> re.Pattern[str]:
    """Return the pattern of a bare interjection with its comma ("man, "), from revision_interjections."""
    return lists.pattern("revision_interjections", r"{}\b[,!]+[ \t]*")


def acknowledgement_pattern(lists: WordLists) -> re.Pattern[str]:
    """Return the pattern of an acknowledgement of the reader's trouble, from revision_acknowledgements."""
    return lists.pattern("revision_acknowledgements")


@lru_cache(maxsize=1)
def _default_interjection() -> re.Pattern[str]:
    return interjection_pattern(load_lists((BUILTIN_DIR,)))


def mend_deletion(
    text: str, start: int, end: int, *, defer_capital: bool = False, interjection: re.Pattern[str] | None = None
) -> Edit:
    """Return the edit that deletes text[start:end] and mends spaces, commas and capitals around it.

    When the deletion leaves a sentence opening in lower case, the edit takes in the next letter
    and capitalises it; with defer_capital it leaves that letter alone and asks apply_edits to
    capitalise it (cap_next), so an adjacent edit starting there can still apply.
    """
    # "The router is, obviously, old": a phrase set off by two commas takes both ("The router is old").
    before = re.search(r"\w[ \t]*,[ \t]*$", text[:start])
    after = re.match(r"[ \t]*,[ \t]*(?=\w)", text[end:])
    greeting = GREETING.match(text, text.rfind("\n", 0, start) + 1)
    if before and after and not at_sentence_start(text, start) and not (greeting and greeting.end() > before.start()):
        return Edit(before.start() + 1, end + after.end(), " ")
    # "checking the power button before calling us, it saves time": a phrase between a word and a comma
    # takes the space before it and leaves the comma, or the two clauses would run together.
    if (
        not at_sentence_start(text, start)
        and re.search(r"\w[ \t]+$", text[:start])
        and re.match(r"[ \t]*,[ \t]*\S", text[end:])
    ):
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        return Edit(start, end + len(text[end:]) - len(text[end:].lstrip(" \t")), "")
    # Swallow a comma (or dash) that followed the phrase, and the spaces after it.
    m = re.match(r"\s*[,—–-]?[ \t]*", text[end:])
    end2 = end + (m.end() if m else 0)
    if start > 0 and text[start - 1] in " \t" and (end2 >= len(text) or text[end2] in ".,;:!?"):
        start -= 1  # "the router, obviously." -> "the router."
        while start > 0 and text[start - 1] in " \t,":
            start -= 1
    if at_sentence_start(text, start):
        # A bare interjection left at the front goes too ("#$!@!! man, I'm ..." -> "I'm ...").
        m = (interjection or _default_interjection()).match(text, end2)
        if m:
            end2 = m.end()
        # The next word now opens the sentence: capitalise it.
        if defer_capital:
            return Edit(start, end2, "", cap_next=True)
        if re.match(r"[a-z]", text[end2 : end2 + 1]):
            return Edit(start, end2 + 1, text[end2].upper())
    elif start > 0 and text[start - 1] in " \t" and end2 < len(text) and text[end2] not in " \t":
        return Edit(start, end2, "")
    elif start > 0 and text[start - 1] in " \t" and end2 < len(text) and text[end2] in " \t":
        return Edit(start, end2 + 1, "")
    return Edit(start, end2, "")


def _normal(sentence: str) -> str:
    """Return a sentence reduced to its lower-case words, to tell whether two sentences say the same."""
    return " ".join(re.findall(r"\w+", sentence.lower()))


def _words_to_add(action: Action, finding: Finding) -> str:
    """Return the sentence an insertion adds: the action's text, or the analyser's filled-in suggestion."""
    words = action.text if action.text and "{" not in action.text else finding.suggestion
    return (words or "").strip()


def action_chain(action: Action) -> Iterator[Action]:
    """Yield an action and the ones it falls back on."""
    current: Action | None = action
    while current is not None:
        yield current
        current = current.otherwise


def action_from_finding(finding: Finding) -> Action:
    """Return the fix a finding of an unknown rule carries itself: its replacement ("" removes), else none."""
    if finding.replacement is None:
        return NO_ACTION
    return Action("remove") if finding.replacement == "" else Action("replace", text=finding.replacement)


CHECK_WINDOW = 400  # characters either side of an edit that its never-worse check reads


class Rewriter:
    """Fix findings by their rules' actions, on the Coach's own pipeline and sentence view."""

    def __init__(self, rules: Iterable[Rule], nlp: Language, lists: WordLists | None = None):
        rules = list(rules)
        self.actions: dict[str, Action] = {**semantic_fixes(), **{r.id: r.action for r in rules}}
        lists = lists if lists is not None else load_lists((BUILTIN_DIR,))
        self.words: Words = retell_words(lists)
        self.interjection = interjection_pattern(lists)
        self.acknowledges = acknowledgement_pattern(lists)
        self.openers = lists.words("revision_interjections")
        self.nlp = nlp
        self.parse = lru_cache(maxsize=256)(self._parse)
        for rule in rules:
            for action in action_chain(rule.action):
                if action.name == "retell" and action.transformer not in ALL_RETELLERS:
                    raise LexiconError(
                        f"{rule.file}: entry '{rule.id}': unknown retell '{action.transformer}' "
                        f"(known: {', '.join(sorted(ALL_RETELLERS))})"
                    )

    def _parse(self, text: str) -> Doc:
        return self.nlp(text)

    def doc_for(self, text: str, doc: Doc | None = None) -> Doc:
        """Return the Doc of this text: the one given when it matches, else the Coach's parse (cached)."""
        # Doc.text joins every token on each call: compare with the sentence view's cached copy.
        return doc if doc is not None and sentences(doc).text == text else self.parse(text)

    def bounds(self, text: str, pos: int, doc: Doc | None = None) -> tuple[int, int]:
        """Return (start, end) of the sentence around pos (nlp.Sentences, cut at line breaks), without edge spaces."""
        sentence = sentences(self.doc_for(text, doc)).around(min(pos, max(0, len(text) - 1)))
        start, end = sentence.start_char, max(sentence.end_char, pos)
        line_start = text.rfind("\n", start, pos) + 1
        start = max(start, line_start)
        line_end = text.find("\n", pos, end)
        end = line_end if line_end != -1 else end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, max(end, min(pos, len(text)))

    def action_for(self, finding: Finding) -> Action:
        """Return the action of a finding's rule (the finding's own replacement for a rule this coach lacks)."""
        return self.actions.get(finding.rule) or action_from_finding(finding)

    def edit_for(
        self,
        text: str,
        finding: Finding,
        *,
        plain: bool = True,
        defer_capital: bool = False,
        doc: Doc | None = None,
    ) -> Edit | None:
        """Return the edit that applies a finding's fix, or None when only the writer can fix it (or it is stale).

        With plain=False a `replace` marked explain keeps the term and adds the plain words in
        brackets ("DNS (the internet address settings)"), for revisions that keep the writer's words.
        """
        if not (0 <= finding.start <= finding.end <= len(text)) or text[finding.start : finding.end] != finding.text:
            return None  # stale: the draft changed under the finding
        action: Action | None = self.action_for(finding)
        while action is not None:
            edit = self._dispatch(action, text, finding, plain=plain, defer_capital=defer_capital, doc=doc)
            if edit is not None:
                # A fix that would leave the sentence worse is not made: the card keeps the suggestion.
                return (
                    replace(edit, finding=finding) if self.rejection(text, edit, finding, action, doc) is None else None
                )
            action = action.otherwise
        return None

    def rejection(
        self, text: str, edit: Edit, finding: Finding, action: Action | None = None, doc: Doc | None = None
    ) -> str | None:
        """Return why an edit leaves its sentence worse than the draft (coach/edit_check.py), or None to accept it."""
        start = min(self.bounds(text, edit.start, doc)[0], edit.start)
        end = max(self.bounds(text, max(edit.start, edit.end - 1), doc)[1], edit.end)
        # A run-on "sentence" can be the whole text: compare a window around the edit, or hundreds of
        # edits would each re-read all of it. Both sides share the window's cut ends.
        start, end = max(start, edit.start - CHECK_WINDOW), min(end, edit.end + CHECK_WINDOW)
        before = text[start:end]
        after = tidy(text[start : edit.start] + edit.text + text[edit.end : end])
        if not after.strip():
            return None  # the remove rule took the whole sentence (the phrase was most of it)
        # Only an edit that rewords beyond the finding's own words needs the parse (verbs, names).
        # A removal too: taking "I don't know how you manage" out of a sentence can leave "To break it."
        reworded = (action is not None and action.name in {"retell", "swap", "remove"}) or bool(
            re.search(r"\w", text[edit.start : finding.start] + text[finding.end : edit.end])
        )
        name = action.name if action is not None else ""
        flagged = text[edit.start : edit.end] if name == "swap" else finding.text  # a swap rewords its whole match
        return rejection(
            before,
            after,
            flagged,
            self.parse if reworded and edit.end > edit.start else None,
            RETELL_KEEP_SHARE if name == "retell" else KEEP_SHARE,
            self.openers,
        )

    def _dispatch(
        self, action: Action, text: str, finding: Finding, *, plain: bool, defer_capital: bool, doc: Doc | None
    ) -> Edit | None:
        if action.name == "remove":
            return self._remove(text, finding, defer_capital, doc) if finding.end > finding.start else None
        if action.name == "replace":
            return self._replace(action, text, finding, plain)
        if action.name == "swap":
            return self._swap(action, text, finding, doc)
        if action.name == "retell":
            start, end = self.bounds(text, finding.start, doc)
            context = Context(text, finding, start, end, self.parse, self.words)
            teller = ALL_RETELLERS.get(action.transformer or "")
            told = teller(context) if teller is not None else None
            return Edit(*told) if told is not None else None
        if action.name == "insert_after":
            return self._insert_after(action, text, finding, doc)
        if action.name == "insert_before":
            return self._insert_before(action, text, finding, doc)
        return None

    def _remove(self, text: str, finding: Finding, defer_capital: bool, doc: Doc | None) -> Edit | None:
        start, end = self.bounds(text, finding.start, doc)
        sentence_words = len(re.findall(r"\w+", text[start:end]))
        finding_words = len(re.findall(r"\w+", finding.text))
        if sentence_words and finding_words / sentence_words >= WHOLE_SENTENCE_SHARE and end >= finding.end:
            while end < len(text) and text[end] in " \t":
                end += 1
            if text[:start].strip() or text[end:].strip():  # never the whole message: then only the phrase
                return Edit(min(start, finding.start), end, "")
        edit = mend_deletion(
            text, finding.start, finding.end, defer_capital=defer_capital, interjection=self.interjection
        )
        if not re.search(r"\w", text[: edit.start] + edit.text + text[edit.end :]):
            return None  # the phrase is the whole message: only the writer can say what to say instead
        if self._removal_breaks(text[start:end], finding.start - start, finding.end - start):
            # "As I told you on the phone, ..." is no "On the phone, the printer arrives ..."; "Surely you know
            # by now ..." is no "Know by now ...", which turns a statement into an order
            return None
        return _article_agrees(text, edit)

    def _removal_breaks(self, sentence: str, lo: int, hi: int) -> bool:
        """Return whether removing sentence[lo:hi] strands a removed verb's words or takes a kept verb's subject."""
        if len(sentence) > PARSE_LIMIT:
            return False
        doc = self.parse(sentence)
        inside = {t.i for t in doc if lo <= t.idx < hi}
        return _strands(doc, inside) or _takes_subject(doc, inside)

    def _replace(self, action: Action, text: str, finding: Finding, plain: bool) -> Edit | None:
        # The term's own words (its gloss, or its shape's form), never one phrase for a whole family.
        new = action.words_for(finding.text) if action.text is not None else finding.replacement
        if new is None:
            return None
        if new == "":
            return mend_deletion(text, finding.start, finding.end, interjection=self.interjection)
        first, last = self.bounds(text, finding.start)
        if repeats_added(text[first:last], text[first : finding.start] + new + text[finding.end : last]):
            return None  # the sentence already says these words: the card keeps the suggestion
        start = finding.start
        if action.explain and not plain:
            plain_words = gloss(action, finding.text, new)
            possessive = re.match(r"['’]s\b", text[finding.end : finding.end + 3])
            if possessive:  # "the drive's (SSD's) data": neither "SSD (the drive)'s data" nor "the the drive's"
                before = DETERMINER_BEFORE.search(text, max(0, start - 12), start)
                own = DETERMINER_START.match(plain_words)
                if own and before and own.group().strip().lower() in ("a", "an") and before.group()[:1].lower() != "a":
                    plain_words = plain_words[own.end() :]  # "The VM's" -> "The virtual server's (VM's)"
                elif own and before:
                    start = before.start()
                words = f"{plain_words}{possessive[0]} ({finding.text}{possessive[0]})"
                return Edit(start, finding.end + 2, cap(words) if at_sentence_start(text, start) else words)
            new = f"{finding.text} ({plain_words})"
        else:
            if not modifier_words(new) and self._modifies_a_noun(text, finding):
                return None  # "a site-to-site IPsec link": "an encryption between networks link" reads worse
            # "the SQL Server" -> "the database", not "the the database": the words bring their own determiner.
            before = DETERMINER_BEFORE.search(text, max(0, start - 12), start)
            own = DETERMINER_START.match(new)
            article = before.group().split()[0] if before else ""
            if own and before and own.group().strip().lower() in ("a", "an") and article.lower() not in ("a", "an"):
                new = new[own.end() :]  # "the VPN" -> "the secure connection ...": the draft's "the" stays
            elif own and before:
                start = before.start()
            elif (
                before
                and article.lower() in ("a", "an")
                and ("an" if new[:1].lower() in "aeiou" else "a") != article.lower()
            ):
                # "an 802.1X policy" -> "a network sign-in policy": the article agrees with the new first word
                fixed = "an" if article.lower() == "a" else "a"
                start, new = before.start(), f"{cap(fixed) if article[0].isupper() else fixed} {new}"
            elif own and MODIFIED_BEFORE.search(text, max(0, start - 30), start):
                new = new[
                    own.end() :
                ]  # "the new tenant" -> "the new Microsoft 365 account", "the NAS's shared folders"
            if at_sentence_start(text, start):
                new = cap(new)
        return Edit(start, finding.end, new)

    def _modifies_a_noun(self, text: str, finding: Finding) -> bool:
        """Return whether the term stands before a noun it describes ("the IPsec link", "SMB share names")."""
        after = re.match(r"[ \t]+([a-z][\w-]*)", text[finding.end : finding.end + 40])
        if after is None:
            return False
        doc = self.parse(text)
        word = next((t for t in doc if t.idx == finding.end + after.start(1)), None)
        return word is not None and word.pos_ in ("NOUN", "PROPN") and not word.is_stop

    def _swap(self, action: Action, text: str, finding: Finding, doc: Doc | None) -> Edit | None:
        start, end = self.bounds(text, finding.start, doc)
        start, end = max(start, finding.start - SWAP_WINDOW), min(max(end, finding.end), finding.end + SWAP_WINDOW)
        window = text[start:end]
        for pattern, kind in action.swaps:
            for m in pattern.finditer(window):
                s, e = start + m.start(), start + m.end()
                if s <= finding.end and finding.start <= e:
                    new = m.expand(kind)
                    # "Honestly, it's amazing that ...": the opener goes with the sneer it leads into.
                    opener = self.interjection.fullmatch(text, start, s) if s > start and new else None
                    s = start if opener else s
                    return Edit(s, e, cap(new) if at_sentence_start(text, s) else new)
        return None

    def _asks_the_reader(self, text: str, pos: int, doc: Doc | None) -> bool:
        """Return whether the sentence at pos is quoted text or asks the reader to act (an opening fits neither).

        An acknowledgement answers the reader's trouble; a sentence that opens with "please" or an
        order ("Notify us of the error and delete this message") or a quoted line ("> ...") is not an
        answer to a problem of theirs, so no opening is put before it.
        """
        line_start = text.rfind("\n", 0, pos) + 1
        if text[line_start:pos].lstrip().startswith(">") or text[pos : pos + 1] == ">":
            return True
        start, end = self.bounds(text, pos, doc)
        words = [t for t in self.parse(text[start:end]) if not t.is_punct and not t.is_space]
        if not words:
            return False
        first = words[0]
        return first.lower_ in {"please", "kindly"} or (
            first.tag_ == "VB" and first.dep_ == "ROOT" and not any(c.dep_ == "nsubj" for c in first.children)
        )

    def _insert_after(self, action: Action, text: str, finding: Finding, doc: Doc | None) -> Edit | None:
        added = _words_to_add(action, finding)
        if not added or _normal(added) in _normal(text):
            return None  # nothing to add, or the message already says it
        _, end = self.bounds(text, finding.end, doc)
        end = max(end, finding.end)
        closing = "" if end > 0 and text[end - 1] in ".!?" else "."
        return Edit(end, end, f"{closing} {added}")

    def _insert_before(self, action: Action, text: str, finding: Finding, doc: Doc | None = None) -> Edit | None:
        opening = _words_to_add(action, finding)
        if not opening or _normal(opening) in _normal(text):
            return None
        start = finding.start
        if self._asks_the_reader(text, start, doc):
            return None  # a disclaimer or a request ("please notify us of the error"): no trouble of theirs to answer
        if start < len(text) and text[start].islower():
            return Edit(start, start + 1, f"{opening} {text[start].upper()}")
        return Edit(start, start, opening + " ")


ARTICLE_BEFORE = re.compile(r"\b([Aa]n?)[ \t]+$")


def _article_agrees(text: str, edit: Edit) -> Edit:
    """Return the edit with an "a"/"an" right before it made to agree with the word that now follows it.

    "What an a$$hole move." less the insult is "What a move.", not "What an move.".
    """
    before = ARTICLE_BEFORE.search(text, max(0, edit.start - 4), edit.start)
    after = (edit.text + text[edit.end :]).lstrip()
    if before is None or not after[:1].isalpha() or after[:1].isupper():
        return edit
    article = "an" if after[0] in "aeiou" else "a"
    if before.group(1).lower() == article:
        return edit
    article = article.capitalize() if before.group(1)[0].isupper() else article
    return replace(
        edit,
        start=before.start(),
        text=text[before.start() : edit.start].replace(before.group(1), article, 1) + edit.text,
    )


def _conflict(a: Edit, b: Edit) -> bool:
    """Return whether two edits touch the same characters (insertions at an edge do not)."""
    if a.start == a.end or b.start == b.end:
        point, other = (a, b) if a.start == a.end else (b, a)
        if other.start == other.end:
            return point.start == other.start
        return other.start < point.start < other.end
    return a.start < b.end and b.start < a.end


def select_edits(edits: Iterable[Edit]) -> list[Edit]:
    """Return non-conflicting edits in text order (earliest, then longest, wins)."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        # Kept edits never overlap and come in start order, so only the ones reaching e.start can conflict.
        clash = False
        for k in reversed(kept):
            if k.end < e.start and k.start < k.end:
                break  # a replacement that ends before e: every earlier one does too (an insertion may not)
            if _conflict(e, k):
                clash = True
                break
        if not clash:
            kept.append(e)
    return sorted(kept, key=lambda e: (e.start, e.end))


def _apply(text: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[int, int]]]:
    """Apply non-conflicting edits in text order; return the new text and where each edit landed in it."""
    out, placed = _place(text, edits)
    return out, [region for _, region in placed]


def _place(text: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[Edit, tuple[int, int]]]]:
    """Apply non-conflicting edits in text order; return the new text and each applied edit with its region."""
    pieces: list[str] = []
    regions: list[tuple[int, int]] = []
    chosen = select_edits(edits)
    pos = out = 0
    capitalise = False
    for e in chosen:  # in text order; built once, so long texts with many edits stay linear
        kept, new = text[pos : e.start], e.text
        if capitalise and kept:
            kept, capitalise = _upper_first(kept), False
        if capitalise and new:
            new, capitalise = _upper_first(new), False
        pieces += [kept, new]
        out += len(kept)
        regions.append((out, out + len(new)))
        out += len(new)
        capitalise = capitalise or e.cap_next
        pos = e.end
    rest = text[pos:]
    pieces.append(_upper_first(rest) if capitalise else rest)
    return "".join(pieces), list(zip(chosen, regions))


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-conflicting edits (earliest, then longest, wins), leaving every other character as it was."""
    return _apply(text, edits)[0]


def _upper_first(s: str) -> str:
    """Return s with its first character upper-cased when it is a lower-case letter."""
    return s[0].upper() + s[1:] if s[:1].islower() else s


# What edits leave behind: doubled spaces, space before punctuation, a comma before a stop, doubled stops,
# and a sentence opening in lower case ("iPhone" stays). Each repair has the group that must touch an edit:
# the whole match, or for a capital only the letter itself (a lower-case opening the writer wrote stays).
TIDY: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str], int], ...] = (
    (re.compile(r"[ \t]{2,}"), " ", 0),
    (re.compile(r"[ \t]+$"), "", 0),  # a deleted last sentence leaves no space at the end
    (re.compile(r"[ \t]+([,.;:!?])"), r"\1", 0),
    (re.compile(r",\s*([.;:!?])"), r"\1", 0),
    (re.compile(r"(?<!\.)([.!?])\.(?=\s|$)"), r"\1", 0),  # "done.." -> "done.", an ellipsis "..." stays
    (
        re.compile(r"(^\s*|(?<=[\w\"')’”])[.!?][ \t]+)([a-z])(?![A-Z])"),
        lambda m: m[1] + m[2].upper(),
        2,
    ),
)


def _moved(pos: int, changes: list[tuple[int, int, int]]) -> int:
    """Return where an offset lands after replacements (start, end, new length) made in one pass."""
    delta = 0
    for s, e, n in changes:
        if e <= pos:
            delta += n - (e - s)
        elif s < pos:
            return s + delta + min(pos - s, n)
    return pos + delta


def tidy_near(text: str, regions: list[tuple[int, int]]) -> str:
    """Mend spacing and punctuation left by edits, only where a repair touches an edit's region."""
    return tidy_regions(text, regions)[0]


def tidy_regions(text: str, regions: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Return tidy_near's text and where each region landed in it."""
    for pattern, repl, group in TIDY:
        pieces: list[str] = []
        changes: list[tuple[int, int, int]] = []
        pos = 0
        for m in pattern.finditer(text):
            if not any(m.start(group) <= b and a <= m.end(group) for a, b in regions):
                continue
            new = m.expand(repl) if isinstance(repl, str) else repl(m)
            if new == m.group():
                continue
            pieces += [text[pos : m.start()], new]
            changes.append((m.start(), m.end(), len(new)))
            pos = m.end()
        if changes:
            pieces.append(text[pos:])
            text = "".join(pieces)
            regions = [(_moved(a, changes), _moved(b, changes)) for a, b in regions]
    return text, regions


def tidy(text: str) -> str:
    """Mend spacing and punctuation everywhere in a text (tidy_near with the whole text as the region)."""
    return tidy_near(text, [(0, len(text))])


def _apply_one(rw: Rewriter, text: str, finding: Finding) -> str:
    edit = rw.edit_for(text, finding)
    return apply_edits(text, [edit]) if edit else text


def _apply_all(rw: Rewriter, text: str, findings: Iterable[Finding], *, plain: bool, doc: Doc | None) -> str:
    return _apply_all_placed(rw, text, findings, plain=plain, doc=doc)[0]


def _apply_all_placed(
    rw: Rewriter, text: str, findings: Iterable[Finding], *, plain: bool, doc: Doc | None
) -> tuple[str, list[tuple[Edit, tuple[int, int]]]]:
    edits = [e for f in findings if (e := rw.edit_for(text, f, plain=plain, defer_capital=True, doc=doc)) is not None]
    # One acknowledgement is enough: a reframe that already says "I can see why" replaces the opening.
    if any(
        rw.action_for(e.finding).name != "insert_before" and rw.acknowledges.search(e.text) for e in edits if e.finding
    ):
        edits = [e for e in edits if e.finding is None or rw.action_for(e.finding).name != "insert_before"]
    edits = _plain_in_insertions(rw, _without_removed_words(rw, edits))
    edits = _explain_once(rw, text, edits, plain=plain)
    edits = _into_retellings(rw, text, edits)
    # The same sentence is never inserted twice (two asks on one subject suggest the same benefit).
    seen: set[str] = set()
    unique = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start == e.end or (e.finding is not None and rw.action_for(e.finding).name.startswith("insert")):
            key = _normal(e.text)
            if key and key in seen:
                continue
            seen.add(key)
        unique.append(e)
    out, placed = _place(text, _merge_repeats(text, unique))
    out, regions = tidy_regions(out, [region for _, region in placed])
    return out, [(e, region) for (e, _), region in zip(placed, regions)]


def _without_removed_words(rw: Rewriter, edits: list[Edit]) -> list[Edit]:
    """Take the words other fixes delete out of inserted sentences too.

    An opening built from the draft's words ("I can see why the trouble with the damn tablet has been
    frustrating") must not bring back the profanity or sneer a remove fix takes out of the draft.
    """
    removed = [
        e.finding.text
        for e in edits
        if e.finding is not None
        and any(a.name == "remove" for a in action_chain(rw.action_for(e.finding)))
        and re.search(r"\w", e.finding.text)
        and e.finding.text.lower() not in e.text.lower()
    ]
    if not removed:
        return edits
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(set(removed), key=len, reverse=True)) + r")(?!\w)[ \t]*",
        re.IGNORECASE,
    )
    out = []
    for e in edits:
        if e.finding is not None and rw.action_for(e.finding).name.startswith("insert") and pattern.search(e.text):
            e = replace(e, text=re.sub(r"[ \t]{2,}", " ", pattern.sub("", e.text)))
        out.append(e)
    return out


def _plain_in_insertions(rw: Rewriter, edits: list[Edit]) -> list[Edit]:
    """Say the jargon an inserted sentence borrows from the draft in the plain words its own fix gives.

    An opening built from the draft's words ("I understand how disruptive the trouble with the app pool has
    been") must not bring back a term that a replace fix takes out of the draft (or explains only later).
    """
    words = {
        e.finding.text: w
        for e in edits
        if e.finding is not None
        and e.end > e.start
        and rw.action_for(e.finding).name == "replace"
        and (w := rw.action_for(e.finding).words_for(e.finding.text))
    }
    inserts = [e.finding is not None and rw.action_for(e.finding).name.startswith("insert") for e in edits]
    if not words or not any(inserts):
        return edits
    terms = "|".join(re.escape(t) for t in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:(the|a|an|your|our|this|that)\s+)?({terms})(?![\w-])")

    def plain(m: re.Match[str]) -> str:
        new, article = words[m.group(2)], m.group(1)
        own = DETERMINER_START.match(new + " ")
        if own and article and own.group().strip().lower() in ("a", "an") and article not in ("a", "an"):
            return f"{article} {new[own.end() :]}"
        if article is None or own:
            return new
        if article in ("a", "an"):
            article = "an" if new[:1].lower() in "aeiou" else "a"
        return f"{article} {new}"

    out = []
    for e, insert in zip(edits, inserts):
        if insert and pattern.search(e.text):
            if any(
                not modifier_words(words[m.group(1)]) and not is_stop_word(m.group(2))
                for m in re.finditer(rf"(?<![\w-])({terms})\s+([a-z][\w-]*)", e.text)
            ):
                continue  # "the VPN outage" cannot become "the secure connection to the office outage": no opening
            e = replace(e, text=pattern.sub(plain, e.text))
        out.append(e)
    return out


def _into_retellings(rw: Rewriter, text: str, edits: list[Edit]) -> list[Edit]:
    """Carry the word fixes inside a retold sentence into its new wording.

    A retelling rewrites a whole sentence, so a jargon gloss or a removed swear word inside it would
    otherwise be dropped as an overlap ("The SMTP relay is failing SPF checks" would keep its jargon).
    A fix whose words occur once in the retold sentence is made there too, when the result passes the
    never-worse check; otherwise it stays a card for the writer.
    """
    tellings = sorted(
        (e for e in edits if e.finding is not None and e.end > e.start and rw.action_for(e.finding).name == "retell"),
        key=lambda e: e.start - e.end,  # the longest first: a whole retold sentence takes the fixes inside it
    )
    if not tellings:
        return edits
    taken: set[int] = set()
    out: list[Edit] = []
    for told in tellings:
        if any(e is told for i, e in enumerate(edits) if i in taken):
            out.append(told)
            continue
        inner = [
            (i, e)
            for i, e in enumerate(edits)
            if e is not told
            and i not in taken
            and e.end > e.start
            and told.start <= e.start
            and e.end <= told.end
            and e.end - e.start < told.end - told.start
        ]
        new = told.text
        for i, e in sorted(inner, key=lambda p: -p[1].start):
            before = text[e.start : e.end]
            if new.count(before) != 1 or not re.search(r"\w", before):
                continue
            at = new.index(before)
            candidate = tidy(new[:at] + e.text + new[at + len(before) :])
            if rejection(new, candidate, before, rw.parse, KEEP_SHARE, rw.openers) is None:
                new = candidate
                taken.add(i)
        out.append(replace(told, text=new))
    replaced = {id(t): o for t, o in zip(tellings, out)}
    return [replaced.get(id(e), e) for i, e in enumerate(edits) if i not in taken]


def gloss(action: Action, term: str, words: str) -> str:
    """Return the words in brackets after a term: the entry's own gloss for it, else its plain words."""
    return action.gloss_for(term) or re.sub(r"\s*\(.*?\)", "", words)


def _explain_once(rw: Rewriter, text: str, edits: list[Edit], *, plain: bool) -> list[Edit]:
    """Keep the first explanation of each term, and never put the same plain words twice in one sentence.

    "NAT (the network settings) ... IPsec (the network settings)" tells the client nothing about
    IPsec, and "the email settings ..., so the email settings is bouncing" is worse than the draft: a
    second replacement whose words another replacement in its sentence already says is not made (its
    card keeps the suggestion for the writer).
    """
    seen: set[str] = set()
    glossed: dict[str, str] = {}
    said: dict[tuple[int, int], list[str]] = {}  # each sentence's replacement words so far
    out = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        action = rw.action_for(e.finding) if e.finding is not None else None
        if e.finding is not None and action is not None and action.name == "replace" and e.text:
            words = action.words_for(e.finding.text) or e.finding.replacement or ""
            sentence = said.setdefault(rw.bounds(text, e.start), [])
            if any(same_words(words, other) for other in sentence):
                continue
            if action.explain and not plain:
                key = _normal(e.finding.text)
                if key in seen:
                    continue
                # A shape ("a command", "a network address") says truly what each match is, so it may repeat
                # in other sentences; a family's terms each have their own words.
                if action.glosses and glossed.setdefault(_normal(words), key) != key:
                    continue
                seen.add(key)
            sentence.append(words)
        out.append(e)
    return out


def _merge_repeats(text: str, edits: list[Edit]) -> list[Edit]:
    """Merge neighbouring replacements that say the same words ("SQL Server tempdb" -> one "the database")."""
    merged: list[Edit] = []
    for e in select_edits(edits):
        last = merged[-1] if merged else None
        if (
            last is not None
            and e.end > e.start
            and last.end <= e.start
            and not text[last.end : e.start].strip()
            and _normal(last.text) == _normal(e.text)
            and last.text
        ):
            merged[-1] = replace(last, end=e.end)
            continue
        merged.append(e)
    return merged


def _shift(rw: Rewriter, findings: Iterable[Finding], applied: Finding, text: str) -> list[Finding]:
    edit = rw.edit_for(text, applied)
    others = [f for f in findings if f != applied]
    if edit is None:
        return others
    delta = len(edit.text) - (edit.end - edit.start)
    out = []
    for f in others:
        if f.end <= edit.start and not (f.start == f.end == edit.start and edit.end > edit.start):
            out.append(f)
        elif f.start >= edit.end:
            out.append(replace(f, start=f.start + delta, end=f.end + delta))
    return out


def default_rewriter() -> Rewriter:
    """Return the shared default Coach's rewriter."""
    from . import default_coach

    return default_coach().rewriter


def edit_for(
    text: str,
    finding: Finding,
    *,
    plain: bool = True,
    defer_capital: bool = False,
    rewriter: Rewriter | None = None,
) -> Edit | None:
    """Return the edit that applies a finding's fix, or None when only the writer can fix it or it is stale."""
    return (rewriter or default_rewriter()).edit_for(text, finding, plain=plain, defer_capital=defer_capital)


def apply_one(text: str, finding: Finding, *, rewriter: Rewriter | None = None) -> str:
    """Return the text with one finding's fix applied (unchanged when it has none or is stale)."""
    return _apply_one(rewriter or default_rewriter(), text, finding)


def apply_all(
    text: str,
    findings: Iterable[Finding],
    *,
    plain: bool = True,
    rewriter: Rewriter | None = None,
    doc: Doc | None = None,
) -> str:
    """Return the text with every applicable fix applied, skipping overlaps, tidied only next to the edits."""
    return _apply_all(rewriter or default_rewriter(), text, findings, plain=plain, doc=doc)


def shift(
    findings: Iterable[Finding], applied: Finding, text: str, *, rewriter: Rewriter | None = None
) -> list[Finding]:
    """Return the other findings re-mapped to the text after `applied` was applied; ones it touched are dropped."""
    return _shift(rewriter or default_rewriter(), findings, applied, text)


def revise(text: str, findings: Sequence[Finding], *, rewriter: Rewriter | None = None, doc: Doc | None = None) -> str:
    """Return the whole message with all applicable fixes applied.

    In the revision a jargon term is kept and explained in brackets with the plain words
    from its lexicon entry (a `replace` with explain), so the client learns what the writer
    meant and nothing the writer said is lost; "Apply" on one finding (apply_one) replaces it outright.
    """
    return revise_with_edits(text, findings, rewriter=rewriter, doc=doc)[0]


def revise_with_edits(
    text: str, findings: Sequence[Finding], *, rewriter: Rewriter | None = None, doc: Doc | None = None
) -> tuple[str, list[RevisionEdit]]:
    """Return revise()'s text and the edits that made it (span, before, after, rule, why), in text order."""
    out, placed = _apply_all_placed(rewriter or default_rewriter(), text, findings, plain=False, doc=doc)
    edits = [
        RevisionEdit(
            start=e.start,
            end=e.end,
            before=text[e.start : e.end],
            after=out[a:b],
            at=a,
            at_end=b,
            rule=e.finding.rule if e.finding else "",
            why=(e.finding.note or e.finding.message) if e.finding else "",
        )
        for e, (a, b) in placed
        if text[e.start : e.end] != out[a:b]
    ]
    return out, edits


def _strands(doc: Doc, inside: set[int]) -> bool:
    """Return whether a word outside the removed tokens is an object or modifier of a verb inside them.

    "As I told you on the phone, the printer arrives on Friday" without "As I told you" says the
    printer arrives on the phone: the removed verb's phrase attaches to whatever comes next.
    """
    return any(
        t.i not in inside
        and t.head.i in inside
        and t.head.pos_ in {"VERB", "AUX"}
        and t.dep_ in {"prep", "dobj", "dative", "agent"}
        for t in doc
    )


def _takes_subject(doc: Doc, inside: set[int]) -> bool:
    """Return whether the removed tokens hold the only subject of a verb that stays."""
    kept_subject = {t.head.i for t in doc if t.i not in inside and t.dep_ in {"nsubj", "nsubjpass", "expl"}}
    return any(
        t.i in inside
        and t.head.i not in inside
        and t.head.i not in kept_subject  # "Why the hell does the kiosk ...": the kiosk stays its subject
        and t.head.pos_ in {"VERB", "AUX"}
        and t.dep_ in {"nsubj", "nsubjpass", "expl"}
        # a verb with a tense or a modal: "you know", "a child could reset"; a bare "VB" with no
        # auxiliary is a misparse ("Get that damn router off": "damn" is no one's subject)
        and (t.head.tag_ in {"VBD", "VBZ", "VBP", "MD"} or any(c.dep_ in {"aux", "auxpass"} for c in t.head.children))
        for t in doc
    )
