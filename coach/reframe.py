"""Named retellers: the `retell: NAME` fixes of the rules, each a small tested transformer.

A rule whose fix is a retelling names its transformer in its lexicon entry
(`action: {retell: passive}`); coach/rewrite.py looks it up in RETELLERS and
calls it with the sentence (found by the Coach's own sentence view,
nlp.Sentences) and the Coach's own pipeline for any parse it needs. Nothing
here detects a rule: each transformer only rewords the sentence of a finding
its rule already made, and returns None when it has no safe wording (the
rule's `otherwise` action, or nothing, follows).

- hindsight (blame.should_have): "you should have told us" -> "it would have
  helped us to be told ...; next time, a quick note lets us plan ahead";
- counterfactual (blame.if_you_had): "if you had read my email, you would have
  known ..." -> "I could have made my email easier to read: ...";
- fault_for (blame.your_fault), user_error, on_your_end (blame.problem_yours),
  supposed_to, dropped_ball: "your fault for", "user error", "the problem is
  on your end", "you were supposed to", "dropped the ball"; `fault` tries them all;
- staff (blame.client_staff, blame.whoever, blame.someone_in_office, blame.stop_them,
  blame.keeps_doing): credits the client's people instead ("Thanks to
  your IT guy for the groundwork; ...", "the person who set this up");
- passive: "you/your staff <did X to Y>" told with Y as the subject, from the
  dependency parse ("the laptop didn't get backed up");
- would_have (condescension.intelligence): "a reasonably smart person would have restarted it" -> "a good
  first step is to restart it" (the verb's base form, so the tense holds);
- disbelief (condescension.disbelief): a sentence that is only wonder at the reader goes ("I'm surprised
  you've stayed in business as long as you have");
- unquote (condescension.scare_quotes): the quoted words without the quotes;
- verdict (profanity): "is (a) <insult>" -> "is in poor shape".

Why: "Keeping the Fire Alive: Maintaining Client Relationships From a DBA
Perspective" (credit the client's in-house staff) and "Same conversation,
different client" (patience; the blunt reply vs the good reply).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from .lexicon import BUILTIN_DIR, LexiconError, WordLists, compile_pattern, load_lists
from .report import Finding

Parse = Callable[[str], Doc]


@dataclass(frozen=True)
class Words:
    """The retellers' vocabularies: lexicons/lists/retelling.yml, people.yml and revision.yml, as sets and patterns.

    Built once per Coach from its lists, so a company folder that extends a list changes the retellings.
    """

    named_roles: frozenset[str]  # people.yml: client_roles without generic_roles
    groups: frozenset[str]  # client_groups: "your staff", "the team"
    helpers: re.Pattern[str]  # "your (last) <outside helper>" (people.yml: outside_helpers)
    refusals: frozenset[str]  # refusal_verbs ("refused to pay")
    participles: dict[str, str]  # irregular_participles: base -> participle
    states: frozenset[str]  # retell_state_verbs
    light_verbs: frozenset[str]
    light_objects: frozenset[str]
    wonder: frozenset[str]  # wonder_words (lemmas)
    pull_out: frozenset[str]  # pull_out_verbs
    relay: frozenset[str]  # relay_verbs: "tell/get/have X to V"
    next_step: re.Pattern[str]  # next_step_cues
    sensible_person: re.Pattern[str]  # "a reasonably smart person would have <verb>"
    fault_for: re.Pattern[str]  # "is entirely your fault for"
    dropped_ball: re.Pattern[str]
    user_error: re.Pattern[str]
    role_botched: re.Pattern[str]  # what an outside helper did to "the firewall"
    whoever_set_up: re.Pattern[str]
    on_your_end: re.Pattern[str]
    read_my: re.Pattern[str]  # "if you had read my email, you would have known ..."
    opener: re.Pattern[str]  # an interjection opening a retold sentence ("Honestly, ...")
    against_advice: re.Pattern[str]
    interjections: frozenset[str]  # revision_interjections: "man,", "honestly,"
    verdict_before: re.Pattern[str]
    keeps_pulling: re.Pattern[str]
    things: re.Pattern[str] = re.compile(r"(?!)")  # expectations.yml: client_systems ("your SMTP relay" is no person)
    blunt: tuple[tuple[re.Pattern[str], str], ...] = ()  # blunt_verbs: "screwed up" -> "changed"
    instruction_nouns: frozenset[str] = frozenset()  # "the reminders to save their work"
    praise: re.Pattern[str] = re.compile(r"(?!)")  # mock_praise_openers opening a sentence or after a greeting


def retell_words(lists: WordLists) -> Words:
    """Return the retellers' vocabularies built from a Coach's word lists."""

    def pattern(template: str, name: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        body = re.sub(r"\{([a-z_]+)\}", lambda m: lists.regex(m[1]), template)
        return compile_pattern(body, f"reframe pattern from list '{name}'", flags)

    def participle(item: str) -> tuple[str, str]:
        base, _, done = item.lower().partition(" ")
        return base, done.strip() or base

    return Words(
        named_roles=lists.words("client_roles") - lists.words("generic_roles"),
        groups=lists.words("client_groups"),
        helpers=helpers_pattern(lists.regex("outside_helpers")),
        refusals=lists.words("refusal_verbs"),
        participles=dict(participle(i) for i in lists.get_list("irregular_participles").items),
        states=lists.words("retell_state_verbs"),
        light_verbs=lists.words("light_verbs"),
        light_objects=lists.words("light_verb_objects"),
        wonder=lists.words("wonder_words"),
        pull_out=lists.words("pull_out_verbs"),
        next_step=pattern(r"\b{next_step_cues}\b", "next_step_cues"),
        sensible_person=pattern(
            r"\b{sensible_person}\s+would\s*(?:have|['’]ve)\s+(?P<verb>[a-z]+)\b(?P<rest>[^.!?;]*)", "sensible_person"
        ),
        fault_for=pattern(
            r"\b(is|was)\s+(?:{blame_intensifiers}\s+)?your\s+(?:own\s+)?{fault_nouns}\s+for\s+", "fault_nouns"
        ),
        dropped_ball=pattern(
            r"\b(?:you(?:\s+guys)?|your\s+(?:{client_groups}|office))\s+(?:{blame_intensifiers}\s+)?"
            r"dropped\s+the\s+ball\s+on\s+(?P<what>[^.!?;,]+)",
            "client_groups",
        ),
        user_error=pattern(r"\b{user_error_words}\b", "user_error_words"),
        role_botched=pattern(r"\b{botch_verbs}\s*(?:up\s+)?(?P<obj>(?:the|your)\s+[^.!?;,]+)", "botch_verbs"),
        whoever_set_up=pattern(r"\bwhoever\s+((?:in|at)\s+your\s+\w+\s+|there\s+)?({setup_verbs})", "setup_verbs"),
        on_your_end=pattern(
            r"\b(?:the\s+)?({problem_nouns})\s+is\s+(?:on\s+your\s+(?:end|side)|yours)(?:,?\s*not\s+ours)?",
            "problem_nouns",
        ),
        read_my=pattern(
            r"^(?P<lead>.*?)\bif\s+(?:only\s+)?you\s*(?:had|['’]d)\s+(?P<verb>\w+)\s+(?P<obj>(?:my|our)\s+\w+)"
            r"\s*,\s*(?:you\s+(?:would|['’]d)\s+have\s+{realise_verbs}\s+(?:that\s+)?)?(?P<rest>.+)$",
            "realise_verbs",
        ),
        opener=pattern(r"^{revision_interjections},\s*(\w)", "revision_interjections"),
        against_advice=pattern(r",?\s*(?:against|despite|ignoring)\s+(?:our|my)\s+{advice_nouns}", "advice_nouns"),
        interjections=lists.words("revision_interjections"),
        verdict_before=pattern(
            r"\b(?:is|was|are|were|['’]s|['’]re|looks?|seems?)\s+((?:{verdict_intensifiers}\s+)*)$",
            "verdict_intensifiers",
        ),
        things=pattern(r"\b(?:{client_systems})\b", "client_systems"),
        blunt=blunt_verbs(lists.get_list("blunt_verbs").items),
        instruction_nouns=lists.words("instruction_nouns"),
        relay=lists.words("relay_verbs"),
        praise=pattern(r"(?:^\W*|,\s+)(?:{mock_praise_openers})\b", "mock_praise_openers"),
        keeps_pulling=pattern(
            r"\b(?:the|your)\s+(\w+)\s+(?:keeps|kept)\s+{pull_out_verbs}\s+(?:the|a)\s+(\w+)\s+out\b",
            "pull_out_verbs",
        ),
    )


def blunt_verbs(items: Iterable[str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return each blunt_verbs item ("screwed up = changed") as its pattern and neutral words, longest first."""
    pairs = []
    for item in items:
        blunt, sep, neutral = item.partition("=")
        if not sep or not blunt.strip() or not neutral.strip():
            raise LexiconError(f"list 'blunt_verbs': '{item}' is not 'blunt = neutral'")
        # A "*" stands for the symbols of a censored swear ("f*ed" matches "f***ed" and "f*cked").
        body = r"\s+".join(re.escape(w).replace(r"\*", r"[^\w\s]+[a-z]*?") for w in blunt.split())
        pairs.append((re.compile(rf"(?<![\w*])(?:{body})(?![\w*])", re.IGNORECASE), neutral.strip()))
    return tuple(sorted(pairs, key=lambda p: -len(p[0].pattern)))


def neutral_verbs(text: str, words: Words) -> str:
    """Return a retold sentence with every blunt or swearing verb said neutrally ("were screwed up" -> "were changed")."""
    for pattern, neutral in words.blunt:
        text = pattern.sub(neutral, text)
    return text


@lru_cache(maxsize=1)
def default_words() -> Words:
    """Return the retellers' vocabularies from the built-in lists."""
    return retell_words(load_lists((BUILTIN_DIR,)))


@dataclass(frozen=True)
class Context:
    """What a reteller sees: the whole text, the finding, its sentence's bounds and the Coach's parser."""

    text: str
    finding: Finding
    start: int  # the finding's sentence
    end: int
    parse: Parse
    words: Words = field(default_factory=default_words)  # the Coach's vocabularies (a company folder's too)

    @property
    def sentence(self) -> str:
        """Return the finding's sentence."""
        return self.text[self.start : self.end]


Retell = Callable[[Context], "tuple[int, int, str] | None"]


def at_sentence_start(text: str, pos: int) -> bool:
    """Return whether only spaces (or a greeting line) separate pos from the previous sentence end."""
    before = text[:pos].rstrip(" \t")
    return not before or before[-1] in ".!?\n:" or before.endswith(("\n", "—"))


def cap(s: str) -> str:
    """Return s with its first letter in upper case."""
    return s[:1].upper() + s[1:] if s else s


# ---------------------------------------------------------------- blame: retell the sentence
REFLEXIVE = {"herself", "himself", "themselves", "themself", "yourself", "yourselves", "myself"}


def helpers_pattern(helpers_regex: str) -> re.Pattern[str]:
    """Return the "your (last) <helper>" pattern, from the outside_helpers list's alternation."""
    pattern = rf"\b(?:your\s+(?:last\s+|previous\s+|old\s+|former\s+)?({helpers_regex}))"
    return compile_pattern(pattern, "list 'outside_helpers'", re.IGNORECASE)


# Verbs whose object does the act of a bare verb after it ("let the team install", "make them sign").
CAUSATIVES = frozenset({"let", "make", "have", "help", "see", "watch", "hear"})


def _vbn(tok, words: Words) -> str:
    """Return the past participle of a verb token (irregular_participles, else the regular ending)."""
    lemma = tok.lemma_.lower()
    if lemma not in words.participles and tok.tag_ in {"VBD", "VBN"} and tok.lower_.endswith("ed"):
        return tok.lower_
    return participle(lemma, words)


def participle(lemma: str, words: Words) -> str:
    """Return the past participle of a verb's base form (irregular_participles, else the regular ending)."""
    if lemma in words.participles:
        return words.participles[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _span_text(tokens) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]


def passive_clause(sentence: str, ctx: Context) -> str | None:
    """Retell "you/your staff <did X to Y>" with Y as the subject ("the laptop didn't get backed up"); None if no such clause."""
    doc = ctx.parse(sentence)
    # Only the clause the finding is about: "you take a look and make sure you now have X" retells no other one.
    lo, hi = ctx.finding.start - ctx.start, ctx.finding.end - ctx.start
    for tok in doc:
        if tok.dep_ != "nsubj" or tok.head.pos_ not in {"VERB", "AUX"}:
            continue
        if 0 <= lo < hi <= len(sentence) and not (lo <= tok.idx < hi or lo <= tok.head.idx < hi):
            continue
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in tok.head.children):
            continue  # "if you had kept X, ...": a condition, not a report; the passive would state it as fact
        if tok.head.lemma_.lower() in ctx.words.states:
            continue  # states, not acts: "edit capability is haved" is no sentence
        who = (
            tok.lower_ in {"you", "whoever"}
            or (any(c.lower_ == "your" for c in tok.children) and not _is_thing(tok, ctx.words))
            or tok.lemma_.lower() in ctx.words.named_roles
            or tok.lemma_.lower() in ctx.words.groups
            or (tok.lower_ in {"someone", "somebody"} and "your" in {t.lower_ for t in tok.subtree})
        )
        if not who:
            continue
        verb = tok.head
        if verb.dep_ in {"ccomp", "xcomp"} and verb.head.lemma_.lower() in CAUSATIVES:
            continue  # "don't let the team install X": "let X are installed" is no sentence
        if sentence.rstrip().endswith("?") or any(c.dep_ == "aux" and c.i < tok.i for c in verb.children):
            continue  # "why don't you take a look?": a question is not a report of what someone did
        if verb.lemma_.lower() in ctx.words.light_verbs and any(
            c.dep_ == "dobj" and c.lemma_.lower() in ctx.words.light_objects for c in verb.children
        ):
            continue  # "take a look": a light verb, nothing was done to "a look"
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        # "turned down the quote" refuses; "turned off the trackers" does not: a particle other than "down" is no refusal.
        particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
        refusal = verb.lemma_.lower() in ctx.words.refusals and particles <= {"down"}
        if obj is None:
            xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
            obj = next((c for c in xcomp.children if c.dep_ == "dobj"), None) if xcomp is not None else None
            if obj is None and xcomp is not None:  # "refused to pay for the offsite backup"
                prep = next((c for c in xcomp.children if c.dep_ == "prep"), None)
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if obj is None or not refusal:
                continue
        if (
            obj.lower_ in {"us", "me", "him", "her", "you"}
            or any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
            or any(c.dep_ == "dative" for c in verb.children)
        ):
            continue  # "us was told", "the roll was fed it" read worse; modal hindsight has its own wording
        obj_tokens = [obj] if obj.pos_ == "PRON" else [t for t in obj.subtree]
        # "ignored the reminders to save their work": the infinitive right after the object belongs to it.
        purpose = next(
            (
                c
                for c in verb.rights
                if c.dep_ in {"advcl", "xcomp", "relcl", "acl"}
                and c.left_edge.i == obj_tokens[-1].i + 1
                and c.left_edge.tag_ == "TO"
            ),
            None,
        )
        if purpose is not None and (obj.pos_ == "PRON" or obj.lemma_.lower() not in ctx.words.instruction_nouns):
            purpose = None  # "it was unplugged to charge a phone": the purpose stays with the verb
        if purpose is not None:
            obj_tokens += list(purpose.subtree)
        obj_text = {"them": "they"}.get(obj.lower_, _span_text(obj_tokens))
        plural = obj.tag_ in {"NNS", "NNPS"} or obj.lower_ == "them"
        negated = any(c.dep_ == "neg" for c in verb.children)
        if refusal:
            phrase = f"{obj_text} {'aren' if plural else 'isn'}'t in place"
            last = max(obj_tokens[-1].i, verb.i)
        else:
            prt = " ".join(c.text for c in verb.children if c.dep_ == "prt")
            vbn = _vbn(verb, ctx.words) + (f" {prt}" if prt else "")
            if negated:
                be = "didn't get"
            elif verb.tag_ in {"VBD", "VBN"}:
                be = "were" if plural else "was"
            else:
                be = "are" if plural else "is"
            # Keep what follows the object in the verb's own phrase ("on a sticky note"), drop "herself".
            tail = []
            for c in verb.rights:
                if (c.i <= obj.i and c is not obj) or c is purpose:
                    continue
                if c.dep_ in {"cc", "conj", "punct", "mark", "advcl", "ccomp", "parataxis"}:
                    break
                if c is obj or c.dep_ == "prt" or c.lower_ in REFLEXIVE:
                    continue
                tail.append(_span_text(list(c.subtree)))
            phrase = " ".join([obj_text, be, vbn] + tail)
            last = max(
                [obj_tokens[-1].i, verb.i]
                + [
                    t.i
                    for c in verb.rights
                    if c.i > obj.i
                    and c is not purpose
                    and c.dep_ not in {"cc", "conj", "punct", "mark", "advcl", "ccomp", "parataxis"}
                    for t in c.subtree
                ]
            )
        first = min(tok.left_edge.i, verb.i)
        # Aux ("did", "n't", "have") sit between subject and verb; they are replaced too.
        start, end = doc[first].idx, doc[last].idx + len(doc[last])
        if start == 0 or sentence[:start].rstrip().endswith((".", "!", "?")):
            phrase = cap(phrase)
        elif phrase[:4] in {"The ", "Your"}:
            phrase = phrase[0].lower() + phrase[1:]
        return with_next_step(sentence[:start] + phrase + sentence[end:], ctx.words)
    return None


OFFER = "we'd be glad to help make this easier next time"


def with_next_step(sentence: str, words: Words | None = None) -> str:
    """Return a retold account with a next step: an offer of help, unless the sentence already says what comes next.

    A passive alone ("the reminders were ignored") tells the same fault in other words; the offer
    turns the account towards what happens now.
    """
    if (words or default_words()).next_step.search(sentence):
        return sentence
    body = sentence.rstrip(" \t.!?")
    stop = sentence[len(body) :].strip()
    return f"{body}; {OFFER}{stop[:1] if stop and stop[0] != '?' else '.'}"


def _if_read_my(s: str, ctx: Context) -> str | None:
    """Retell "If you had read my email, you would have known X" -> "I could have made my email easier to read: X"."""
    m = ctx.words.read_my.match(s)
    if m:
        verb = ctx.parse(f"They {m['verb']} it.")[1].lemma_.lower()  # "checked" -> "check", from the parse
        if not verb.isalpha():
            return None
        lead = m["lead"]
        opener = f"I could have made {m['obj'].lower()} easier to {verb}"
        return lead + (opener if lead else cap(opener)) + ": " + m["rest"]
    return None


def _if_you_had(s: str, ctx: Context) -> str | None:
    """Retell "If you had done X, Y" -> "Y" (the consequence, without the reproach)."""
    m = re.match(
        r"(?i)^(?P<lead>.*?)\bif\s+(?:only\s+)?(?:you|your\s+\w+)\s*(?:had|['’]d)\b[^,]*,\s*"
        r"(?:you\s+(?:would|['’]d)\s+have\s+\w+\s+(?:that\s+)?)?(?P<rest>.+)$",
        s,
    )
    if m and not re.match(r"(?i)we\s+wouldn", m["rest"]):
        if re.match(r"(?i)(?:[\w'’-]+\s+){0,4}(?:would|could|might|['’]d)\b", m["rest"]):
            return None  # "nothing would have been lost" without its "if" says something untrue: leave it
        return m["lead"] + (cap(m["rest"]) if not m["lead"] else m["rest"])
    return None


def _should_have_told_us(s: str, ctx: Context) -> str | None:
    """Retell "You should have told us X" -> "It would have helped us to be told X; next time, a quick note lets us plan ahead." """
    m = re.match(
        r"(?i)^(?P<lead>.*?)\byou\s+(?:really\s+)?(?:should|ought\s+to|could)\s*(?:have|['’]ve)\s+(?P<verb>\w+)\s+"
        r"(?P<obj>us|me)\b(?P<rest>.*?)(?P<stop>[.!?]*)$",
        s,
    )
    if m:
        opener = f"it would have helped {m['obj'].lower()} to be {m['verb'].lower()}"
        return (
            m["lead"]
            + (opener if m["lead"] else cap(opener))
            + m["rest"]
            + f"; next time, a quick note lets {m['obj'].lower()} plan ahead"
            + (m["stop"] or ".")
        )
    return None


def _should_have(s: str, ctx: Context) -> str | None:
    """Retell "You should have done X" -> "Next time, it would help to do X"."""
    m = re.match(
        r"(?i)^(?P<lead>.*?)\byou\s+(?:really\s+)?(?:should|ought\s+to)\s*(?:have|['’]ve)\s+(?P<verb>\w+)(?P<rest>.*)$",
        s,
    )
    if m:
        base = ctx.parse(m["verb"])[0].lemma_.lower()
        return m["lead"] + ("next time" if m["lead"] else "Next time") + f", it would help to {base}{m['rest']}"
    return None


def _would_have(s: str, ctx: Context) -> str | None:
    """Retell "A reasonably smart person would have restarted X first" -> "A good first step is to restart X"."""
    m = ctx.words.sensible_person.search(s)
    if not m:
        return None
    base = ctx.parse(f"They {m['verb']} it.")[1].lemma_.lower()  # the verb's base form, from the Coach's parse
    if not base.isalpha():
        return None
    rest = re.sub(r"(?i)\s+first\s*$", "", m["rest"])  # "a good first step is to ... first" says it twice
    return s[: m.start()] + f"a good first step is to {base}{rest}" + s[m.end() :]


def _fault_for(s: str, ctx: Context) -> str | None:
    """Retell "is your fault for X" -> "comes from X"."""
    m = ctx.words.fault_for.search(s)
    if m:
        return s[: m.start()] + ("comes from " if m[1].lower() == "is" else "came from ") + s[m.end() :]
    return None


def _dropped_ball(s: str, ctx: Context) -> str | None:
    """Retell "You dropped the ball on X" -> "X slipped through the cracks, and we'll set a reminder together"."""
    m = ctx.words.dropped_ball.search(s)
    if m:
        return (
            s[: m.start()]
            + f"{m['what'].strip()} slipped through the cracks, and we'll set a reminder together"
            + s[m.end() :]
        )
    return None


def _stop_doing(s: str, ctx: Context) -> str | None:
    """Retell "Your staff need to stop doing X" -> "it would help if your staff avoided doing X"."""
    m = re.search(
        r"(?i)\b(?P<who>your\s+\w+|you|they|he|she)\s+(?:really\s+)?(?:need|needs|has|have|must|should)\s+to\s+stop\s+"
        r"(?P<doing>\w+ing)\b",
        s,
    )
    if m:
        who = m["who"][:1].lower() + m["who"][1:]  # "Your staff need to stop" -> "it would help if your staff"
        return s[: m.start()] + f"it would help if {who} avoided {m['doing']}" + s[m.end() :]
    return None


def _supposed_to(s: str, ctx: Context) -> str | None:
    """Retell "You were supposed to X" -> "It helps to X"."""
    m = re.search(r"(?i)\byou\s+(?:were|was)\s+(?:supposed|meant|asked|told)\s+to\s+", s)
    if m:
        return s[: m.start()] + "it helps to " + s[m.end() :]
    return None


def _on_your_end(s: str, ctx: Context) -> str | None:
    """Retell "The problem is on your end, not ours" -> "the problem is in the setup at your office, and we'll help you sort it out"."""
    m = ctx.words.on_your_end.search(s)
    if m:
        return (
            s[: m.start()]
            + f"the {m[1].lower()} is in the setup at your office, and we'll help you sort it out"
            + s[m.end() :]
        )
    return None


def _is_thing(tok, words: Words) -> bool:
    """Return whether "your X" names a thing, not a person: one of the client's systems, or an acronym ("SMTP relay")."""
    subject = tok.doc[tok.left_edge.i : tok.i + 1]
    return bool(words.things.search(subject.text)) or any(re.fullmatch(r"[A-Z]{2,}s?", t.text) for t in subject)


def _is_person(tok, ctx: Context) -> bool:
    """Return whether a subject token names the reader or their people ("you", "your team", "whoever", a role)."""
    return (
        tok.lower_ in {"you", "whoever"}
        or (any(c.lower_ == "your" for c in tok.children) and not _is_thing(tok, ctx.words))
        or tok.lemma_.lower() in ctx.words.named_roles
        or tok.lemma_.lower() in ctx.words.groups
    )


def _keeps_doing(s: str, ctx: Context) -> str | None:
    """Retell "Your team keeps saving videos to it" -> "videos keep being saved to it" (from the parse).

    Only a main or subordinate clause is retold: "whoever keeps changing X needs to stop" has the
    clause as a subject, and taking the person out of it would leave no subject for "needs".
    """
    doc = ctx.parse(s)
    for keep in doc:
        if keep.lemma_.lower() != "keep" or keep.dep_ in {"csubj", "csubjpass", "relcl", "acl", "amod"}:
            continue
        subj = next((c for c in keep.children if c.dep_ == "nsubj"), None)
        doing = next((c for c in keep.children if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)
        if subj is None or doing is None or not _is_person(subj, ctx):
            continue
        if doing.lower_ in ctx.words.pull_out:
            continue  # "keeps pulling the cable out" has its own wording (the cable keeps coming out)
        obj = next((c for c in doing.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lower_ in {"it", "them", "that", "this", "us", "me"}:
            continue
        tail = [c for c in doing.rights if c.i > obj.i and c.dep_ in {"prep", "prt", "advmod", "npadvmod"}]
        last = max([t.i for t in obj.subtree] + [t.i for c in tail for t in c.subtree])
        plural = obj.tag_ in {"NNS", "NNPS"}
        form = "kept" if keep.tag_ == "VBD" else ("keep" if plural else "keeps")
        rest = " ".join(_span_text(list(c.subtree)) for c in tail)
        phrase = " ".join(p for p in (_span_text(list(obj.subtree)), form, "being", _vbn(doing, ctx.words), rest) if p)
        first = subj.left_edge.i
        start, end = doc[first].idx, doc[last].idx + len(doc[last])
        if start == 0 or s[:start].rstrip().endswith((".", "!", "?")):
            phrase = cap(phrase)
        elif phrase[:4] in {"The ", "Your"}:
            phrase = phrase[0].lower() + phrase[1:]
        return s[:start] + phrase + s[end:]
    return None


def _user_error(s: str, ctx: Context) -> str | None:
    """Retell "user error" -> "an easy mistake to make"."""
    m = ctx.words.user_error.search(s)
    if m:
        return s[: m.start()] + "an easy mistake to make" + s[m.end() :]
    return None


def _keeps_pulling(s: str, ctx: Context) -> str | None:
    """Retell "The cashier keeps pulling the cable out" -> "the cable keeps coming out", and an offer to show them."""
    m = ctx.words.keeps_pulling.search(s)
    if m:
        s = s[: m.start()] + f"the {m[2]} keeps coming out" + s[m.end() :]
        s = re.sub(
            r"(?i)(?:,\s*)?but\s+please\s+tell\s+(her|him|them)\s+to\s+stop\s+doing\s+that",
            lambda t: f", and we'd be glad to show {t[1].lower()} a quick way to keep it in place",
            s,
        )
        return s
    return None


def _tell_them_stop(s: str, ctx: Context) -> str | None:
    """Retell "tell her to stop doing that" -> "tell her we'd be glad to show her a quick way to keep it working"."""
    m = re.search(
        r"(?i)\b(?P<tell>(?:please\s+)?tell\s+(her|him|them|your\s+staff|your\s+team|your\s+people|everyone))\s+"
        r"(?:to\s+stop|not\s+to|to\s+quit)\s+(?:doing\s+(?:that|this)|\w+ing\b[^.!?;]*)",
        s,
    )
    if m:
        # Only the reproach goes: the writer's "please tell her" stays and carries the offer instead.
        who = m[2].lower() if m[2].lower() in {"her", "him", "them"} else "them"
        return s[: m.start()] + f"{m['tell']} we'd be glad to show {who} a quick way to keep it working" + s[m.end() :]
    return None


def _whoever_keeps(s: str, ctx: Context) -> str | None:
    """Retell "whoever keeps changing these settings needs to stop ..." -> what is observed and an offer to help."""
    m = re.search(
        r"(?i)\bwhoever\s+((?:in|at)\s+your\s+\w+\s+)?(?:keeps|kept)\s+(\w+ing)\s+([^.!?;]+?)\s+needs\s+to\s+stop\b[^.!?;]*",
        s,
    )
    if m:
        where = f" {m[1].strip()}" if m[1] else ""
        participle = _vbn(ctx.parse(m[2])[0], ctx.words)
        return (
            s[: m.start()] + f"{m[3]} keep being {participle}, and we'd be glad to go through what each one does "
            f"with everyone{where}" + s[m.end() :]
        )
    return None


def _whoever_set_up(s: str, ctx: Context) -> str | None:
    """Retell "whoever set this up" -> "the person who set this up"."""
    m = ctx.words.whoever_set_up.search(s)
    if m:
        return s[: m.start()] + f"the person {m[1] or ''}who {m[2]}" + s[m.end() :]
    return None


def _role_messed_up(s: str, ctx: Context) -> str | None:
    """Retell "Your IT guy messed up the firewall" -> "Thanks to your IT guy for the groundwork; the firewall needs a few changes"."""
    m = ctx.words.helpers.search(s)
    if m:
        t = ctx.words.role_botched.search(s[m.end() :])
        if t:
            obj = t["obj"].strip()
            return (
                s[: m.start()] + f"Thanks to your {m[1]} for the groundwork; {obj} needs a few changes, "
                f"and we'll go through them together" + s[m.end() + t.end() :]
            )
    return None


# Each blame reteller tries its rule's own wordings, then the parse-driven passive retelling.
SENTENCE_RETELLERS: dict[str, tuple[Callable[[str, Context], str | None], ...]] = {
    "counterfactual": (_if_read_my, _if_you_had, passive_clause),
    "hindsight": (_should_have_told_us, _should_have, passive_clause),
    "fault": (_fault_for, _dropped_ball, _supposed_to, _on_your_end, _user_error, passive_clause),
    "staff": (
        _stop_doing,
        _keeps_doing,
        _keeps_pulling,
        _tell_them_stop,
        _whoever_keeps,
        _whoever_set_up,
        _role_messed_up,
        passive_clause,
    ),
    "passive": (passive_clause,),
    "would_have": (_would_have,),
    "fault_for": (_fault_for, passive_clause),
    "user_error": (_user_error,),
    "on_your_end": (_on_your_end,),
    "supposed_to": (_supposed_to,),
    "dropped_ball": (_dropped_ball,),
}


def _retell_sentence(
    sentence: str, steps: tuple[Callable[[str, Context], str | None], ...], ctx: Context
) -> str | None:
    """Return the sentence retold by the first step that has a wording for it, or None."""
    for step in steps:
        new = step(sentence, ctx)
        if new is not None and new != sentence:
            return new
    return None


def _tidy_retold(new: str, words: Words) -> str:
    """Drop an opening "honestly,"/"look," and reminders of past warnings from a retold sentence."""
    new = neutral_verbs(words.opener.sub(lambda m: m[1].upper(), new), words)
    # The blame.told_you and blame.against_advice phrasings inside a retold sentence go with it
    # ("..., which is exactly what we warned you about").
    new = re.sub(
        r"(?i),?\s*(?:which|that)\s+is\s+(?:exactly\s+)?what\s+(?:I|we)\s+warned\s+(?:you|them)\s+about", "", new
    )
    return words.against_advice.sub("", new)


def _sentence_reteller(name: str) -> Retell:
    """Return a reteller that rewords the finding's whole sentence with the named steps."""
    steps = SENTENCE_RETELLERS[name]

    def retell(ctx: Context) -> tuple[int, int, str] | None:
        end = max(ctx.end, ctx.finding.end)
        sentence = ctx.text[ctx.start : end]
        new = _retell_sentence(sentence, steps, ctx)
        if new is None:
            return None
        new = _tidy_retold(new, ctx.words)
        return ctx.start, end, cap(new) if at_sentence_start(ctx.text, ctx.start) else new

    retell.__doc__ = f"Retell a finding's sentence ({name})."
    return retell


# What may stand with the interjections before a wonder ("Man, I'm surprised ..."): the speaker, no content.
SPEAKER = frozenset({"i", "i'm", "am", "it", "it's", "is"})


def _only_interjections(text: str, words: Words) -> bool:
    """Return whether text holds nothing but interjections, the speaker ("I'm") and symbols."""
    return all(w in words.interjections or w in SPEAKER for w in re.findall(r"[a-z']+", text.lower().replace("’", "'")))


def disbelief(ctx: Context) -> tuple[int, int, str] | None:
    """Drop a sentence that is only wonder at the reader ("I'm surprised you've stayed in business this long").

    Only when the wonder governs the rest of the sentence (its clause runs to the end) and nothing
    but interjections or symbols comes before it; a negated one ("I'm not surprised you're having
    trouble") or one whose clause names a thing is left to the rule's other fixes.
    """
    f = ctx.finding
    start, end = ctx.start, max(ctx.end, f.end)
    if not _only_interjections(ctx.text[start : f.start], ctx.words) or not re.search(
        r"\w", ctx.text[:start] + ctx.text[end:]
    ):
        return None  # words of substance before the wonder, or the sentence is the whole message
    sentence = ctx.text[start:end]
    doc = ctx.parse(sentence)
    offset = f.start - start
    for tok in doc:
        if tok.idx < offset or tok.idx >= offset + len(f.text) or tok.lemma_.lower() not in ctx.words.wonder:
            continue
        if any(c.dep_ == "neg" for c in tok.children) or any(c.dep_ == "neg" for c in tok.head.children):
            return None
        clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        last = [t for t in doc if not t.is_punct and not t.is_space]
        if clause is None or not last or clause.right_edge.i < last[-1].i:
            return None
        if any(t.pos_ == "PROPN" or t.like_num for t in clause.subtree):
            return None  # "I can't believe the Linksys router still works": the thing stays in the text
        while end < len(ctx.text) and ctx.text[end] in " \t":
            end += 1
        return _symbols_before(ctx.text, start), end, ""
    return None


def _symbols_before(text: str, start: int) -> int:
    """Return where a run of symbols right before start begins ("XP? #$!@!! man, ..." -> at "#")."""
    j = start
    while j > 0 and not text[j - 1].isalnum():
        j -= 1
    segment = text[j:start]
    opening = j + len(segment) - len(segment.lstrip(".?!\"')’”"))
    while opening < start and text[opening].isspace():
        opening += 1
    return opening if opening < start else start


def unquote(ctx: Context) -> tuple[int, int, str] | None:
    """Return the scare-quoted words without their quotes."""
    f = ctx.finding
    if len(f.text) <= 2:
        return None
    return f.start, f.end, f.text[1:-1]


# "The closet is a sh*tshow." / "The package is total garbage": the insult is the complement of
# "is", so deleting it would leave "is a."; say what it means instead.
def verdict(ctx: Context) -> tuple[int, int, str] | None:
    """Turn "is (a) <insult>" into "is in poor shape" and a swearing verb into its neutral words (blunt_verbs), else None."""
    f, text = ctx.finding, ctx.text
    # "Your office manager screwed up the van schedule": a swear that is the sentence's verb is said neutrally.
    for pattern, neutral in ctx.words.blunt:  # longest first: "f***ed up" takes its particle with it
        swear = pattern.match(text, f.start)
        if swear is not None and swear.end() >= f.end:
            return f.start, swear.end(), neutral
    m = ctx.words.verdict_before.search(text[max(0, f.start - 60) : f.start])
    after = text[f.end : f.end + 1]
    if not m or (after and after not in ".,;:!? \n"):
        return None
    return f.start - len(m.group(1)), f.end, "in poor shape"


RETELLERS: dict[str, Retell] = {name: _sentence_reteller(name) for name in SENTENCE_RETELLERS}
RETELLERS.update({"unquote": unquote, "verdict": verdict, "disbelief": disbelief})

# Mock praise is retold in its own module (coach/revision_sneer.py), which builds on the passive above;
# imported last, so that module finds every name it takes from this one.
from .revision_sneer import mock_praise  # noqa: E402

RETELLERS["mock_praise"] = mock_praise
