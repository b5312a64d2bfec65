"""Retelling sentences kindly: blame as a neutral or shared account, condescension as its kind version.

The edit machinery lives in coach/rewrite.py; this module only decides the new
words for one sentence. Blame is retold from the dependency parse ("your staff
ignored the reminders, so ..." -> "the reminders were ignored, so ...") or by
phrase patterns for hindsight and staff remarks, crediting the client's people
where the draft disparaged them (seed 000). Condescension has a list of
reframes where deleting the phrase would leave a broken or still-cold
sentence ("I'm not surprised you're ..." -> "I can see why you're ...").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from .report import Finding

# A sentence ends at . ! ? after a word or a closing quote, not inside a grawlix ("#$@%!").
SENTENCE_END = re.compile(
    r"(?<=[\w\"')\]’”])[.!?]+[\"')\]’”]*(?=\s|$)|\n[ \t]*\n?"
)  # a line break ends one too (lists)


@lru_cache(maxsize=16)
def _sentence_ends(text: str) -> tuple[list[int], list[int], list[bool]]:
    """Return the starts and ends of every sentence-end match, and whether each is a blank line."""
    matches = list(SENTENCE_END.finditer(text))
    return ([m.start() for m in matches], [m.end() for m in matches], [m.group().startswith("\n") for m in matches])


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Return (start, end) of the sentence around pos, end after its closing punctuation."""
    starts, ends, blank = _sentence_ends(text)
    # The last match ending at or before pos closes the previous sentence (match ends are sorted).
    i = bisect_right(ends, pos) - 1
    start = ends[i] if i >= 0 else 0
    while start < len(text) and text[start].isspace():
        start += 1
    j = bisect_left(starts, pos)  # the first match starting at or after pos closes this one
    if j < len(starts):
        end = starts[j] if blank[j] else ends[j]
    else:
        end = len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, max(end, pos)


def at_sentence_start(text: str, pos: int) -> bool:
    """Return whether only spaces (or a greeting line) separate pos from the previous sentence end."""
    before = text[:pos].rstrip(" \t")
    return not before or before[-1] in ".!?\n:" or before.endswith(("\n", "—"))


def cap(s: str) -> str:
    """Return s with its first letter in upper case."""
    return s[:1].upper() + s[1:] if s else s


# ---------------------------------------------------------------- blame: retell the sentence
IRREGULAR_VBN = {
    "break": "broken",
    "take": "taken",
    "give": "given",
    "write": "written",
    "choose": "chosen",
    "forget": "forgotten",
    "lose": "lost",
    "set": "set",
    "put": "put",
    "shut": "shut",
    "cut": "cut",
    "let": "let",
    "get": "got",
    "leave": "left",
    "send": "sent",
    "buy": "bought",
    "make": "made",
    "skip": "skipped",
    "drop": "dropped",
    "unplug": "unplugged",
    "plug": "plugged",
    "stop": "stopped",
    "throw": "thrown",
    "hide": "hidden",
    "tell": "told",
    "read": "read",
    "do": "done",
    "see": "seen",
    "install": "installed",
    "upload": "uploaded",
    "spill": "spilled",
    "shake": "shaken",
}
REFUSALS = {"refuse", "decline", "reject", "skip", "turn"}
REFLEXIVE = {"herself", "himself", "themselves", "themself", "yourself", "yourselves", "myself"}
ROLE_STAFF = re.compile(
    r"\b(?:your\s+(?:last\s+|previous\s+|old\s+|former\s+)?((?:IT|tech|computer)\s+(?:guy|person|company|people|department)|"
    r"nephew|cousin|brother-in-law|son|daughter|neighbou?r|intern|kid|friend|admin|sysadmin|developers?|webmaster))",
    re.IGNORECASE,
)


def _vbn(tok) -> str:
    """Return the past participle of a verb token."""
    lemma = tok.lemma_.lower()
    if lemma in IRREGULAR_VBN:
        return IRREGULAR_VBN[lemma]
    if tok.tag_ in {"VBD", "VBN"} and tok.lower_.endswith("ed"):
        return tok.lower_
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    return lemma + "ed"


@lru_cache(maxsize=64)
def _parse(text: str):
    from .nlp import load_model

    return load_model()(text)


def _span_text(tokens) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]


def passive_clause(sentence: str) -> str | None:
    """Retell "you/your staff <did X to Y>" with Y as the subject ("the laptop didn't get backed up"); None if no such clause."""
    doc = _parse(sentence)
    for tok in doc:
        if tok.dep_ != "nsubj" or tok.head.pos_ not in {"VERB", "AUX"}:
            continue
        who = (
            tok.lower_ in {"you", "whoever"}
            or any(c.lower_ == "your" for c in tok.children)
            or (tok.lemma_.lower() in {"staff", "team", "cashier", "bookkeeper", "receptionist", "manager"})
            or (tok.lower_ in {"someone", "somebody"} and "your" in {t.lower_ for t in tok.subtree})
        )
        if not who:
            continue
        verb = tok.head
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        refusal = verb.lemma_.lower() in REFUSALS
        if obj is None:
            xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
            obj = next((c for c in xcomp.children if c.dep_ == "dobj"), None) if xcomp is not None else None
            if obj is None or not refusal:
                continue
        if obj.lower_ in {"us", "me", "them", "him", "her", "it", "you"} or any(
            c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children
        ):
            continue  # "us was told" reads worse than the draft; modal hindsight has its own wording
        obj_tokens = [t for t in obj.subtree]
        obj_text = _span_text(obj_tokens)
        plural = obj.tag_ in {"NNS", "NNPS"}
        negated = any(c.dep_ == "neg" for c in verb.children)
        if refusal:
            phrase = f"{obj_text} {'aren' if plural else 'isn'}'t in place"
            last = max(obj_tokens[-1].i, verb.i)
        else:
            prt = " ".join(c.text for c in verb.children if c.dep_ == "prt")
            vbn = _vbn(verb) + (f" {prt}" if prt else "")
            if negated:
                be = "didn't get"
            elif verb.tag_ in {"VBD", "VBN"}:
                be = "were" if plural else "was"
            else:
                be = "are" if plural else "is"
            # Keep what follows the object in the verb's own phrase ("on a sticky note"), drop "herself".
            tail = []
            for c in verb.rights:
                if c.i <= obj.i and c is not obj:
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
                    if c.i > obj.i and c.dep_ not in {"cc", "conj", "punct", "mark", "advcl", "ccomp", "parataxis"}
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
        return sentence[:start] + phrase + sentence[end:]
    return None


def _blame_sentence(sentence: str, rule: str) -> str | None:
    """Return the sentence retold without blame, or None when no transformation applies."""
    s = sentence
    m = re.match(
        r"(?i)^(?P<lead>.*?)\bif\s+(?:only\s+)?you\s*(?:had|['’]d)\s+(?P<verb>\w+)\s+(?P<obj>(?:my|our)\s+\w+)\s*,\s*"
        r"(?:you\s+(?:would|['’]d)\s+have\s+(?:known|seen|noticed|reali[sz]ed|understood)\s+(?:that\s+)?)?(?P<rest>.+)$",
        s,
    )
    if m:
        verb = {"read": "read", "checked": "check", "opened": "open", "followed": "follow", "seen": "see"}.get(
            m["verb"].lower(), "follow"
        )
        lead = m["lead"]
        opener = f"I could have made {m['obj'].lower()} easier to {verb}"
        return lead + (opener if lead else cap(opener)) + ": " + m["rest"]
    m = re.match(
        r"(?i)^(?P<lead>.*?)\bif\s+(?:only\s+)?(?:you|your\s+\w+)\s*(?:had|['’]d)\b[^,]*,\s*"
        r"(?:you\s+(?:would|['’]d)\s+have\s+\w+\s+(?:that\s+)?)?(?P<rest>.+)$",
        s,
    )
    if m and not re.match(r"(?i)we\s+wouldn", m["rest"]):
        return m["lead"] + (cap(m["rest"]) if not m["lead"] else m["rest"])
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
    m = re.match(
        r"(?i)^(?P<lead>.*?)\byou\s+(?:really\s+)?(?:should|ought\s+to)\s*(?:have|['’]ve)\s+(?P<verb>\w+)(?P<rest>.*)$",
        s,
    )
    if m:
        base = _parse(m["verb"])[0].lemma_.lower()
        return m["lead"] + ("next time" if m["lead"] else "Next time") + f", it would help to {base}{m['rest']}"
    m = re.search(
        r"(?i)\b(is|was)\s+(?:entirely\s+|totally\s+|completely\s+|all\s+|really\s+|clearly\s+)?your\s+(?:own\s+)?"
        r"(?:fault|doing|mistake)\s+for\s+",
        s,
    )
    if m:
        return s[: m.start()] + ("comes from " if m[1].lower() == "is" else "came from ") + s[m.end() :]
    m = re.search(
        r"(?i)\b(?:you|you\s+guys|your\s+(?:team|staff|office|people))\s+(?:really\s+|totally\s+|completely\s+)?"
        r"dropped\s+the\s+ball\s+on\s+(?P<what>[^.!?;,]+)",
        s,
    )
    if m:
        return (
            s[: m.start()]
            + f"{m['what'].strip()} slipped through the cracks, and we'll set a reminder together"
            + s[m.end() :]
        )
    m = re.search(
        r"(?i)\b(?P<who>your\s+\w+|you|they|he|she)\s+(?:really\s+)?(?:need|needs|has|have|must|should)\s+to\s+stop\s+"
        r"(?P<doing>\w+ing)\b",
        s,
    )
    if m:
        return s[: m.start()] + f"it would help if {m['who']} avoided {m['doing']}" + s[m.end() :]
    m = re.search(r"(?i)\byou\s+(?:were|was)\s+(?:supposed|meant|asked|told)\s+to\s+", s)
    if m:
        return s[: m.start()] + "it helps to " + s[m.end() :]
    m = re.search(
        r"(?i)\b(?:the\s+)?(problem|issue|fault)\s+is\s+(?:on\s+your\s+(?:end|side)|yours)(?:,?\s*not\s+ours)?", s
    )
    if m:
        return (
            s[: m.start()]
            + f"the {m[1].lower()} is in the setup at your office, and we'll help you sort it out"
            + s[m.end() :]
        )
    m = re.search(
        r"(?i)\b(?:your|the)\s+(?:\w+\s+)?\w+\s+(?:keeps|kept|keep)\s+(?P<doing>\w+ing)\s+(?P<obj>[^.!?;,]+?)"
        r"(?P<rest>\s+(?:to|on|in|into|onto|off|out|from|at)\b[^.!?;,]*)?(?=[.!?;,]|$)",
        s,
    )
    if m and not m["doing"].lower().startswith(("pull", "unplug")):
        participle = _vbn(_parse(m["doing"])[0])
        return s[: m.start()] + f"{m['obj'].strip()} keep being {participle}{m['rest'] or ''}" + s[m.end() :]
    m = re.search(r"(?i)\b(?:user|operator)\s+error\b|\bPEBKAC\b|\bPEBCAK\b", s)
    if m:
        return s[: m.start()] + "an easy mistake to make" + s[m.end() :]
    m = re.search(
        r"(?i)\b(?:the|your)\s+(\w+)\s+(?:keeps|kept)\s+(?:pulling|unplugging)\s+(?:the|a)\s+(\w+)\s+out\b", s
    )
    if m:
        s = s[: m.start()] + f"the {m[2]} keeps coming out" + s[m.end() :]
        s = re.sub(
            r"(?i)(?:,\s*)?but\s+please\s+tell\s+(her|him|them)\s+to\s+stop\s+doing\s+that",
            lambda t: f", and we'd be glad to show {t[1].lower()} a quick way to keep it in place",
            s,
        )
        return s
    m = re.search(
        r"(?i)\b(?:please\s+)?tell\s+(her|him|them|your\s+staff|your\s+team|your\s+people|everyone)\s+"
        r"(?:to\s+stop|not\s+to|to\s+quit)\s+(?:doing\s+(?:that|this)|\w+ing\b[^.!?;]*)",
        s,
    )
    if m:
        who = m[1].lower()
        return s[: m.start()] + f"we'd be glad to show {who} a quick way to keep it working" + s[m.end() :]
    m = re.search(
        r"(?i)\bwhoever\s+((?:in|at)\s+your\s+\w+\s+)?(?:keeps|kept)\s+(\w+ing)\s+([^.!?;]+?)\s+needs\s+to\s+stop\b[^.!?;]*",
        s,
    )
    if m:
        where = f"{m[1]}" if m[1] else ""
        return (
            s[: m.start()] + f"thanks to the person {where}who keeps an eye on {m[3]}. "
            f"{cap(m[2])} them needs care, so let's stop and go through things together, and we'll help everyone understand each one"
            + s[m.end() :]
        )
    m = re.search(
        r"(?i)\bwhoever\s+((?:in|at)\s+your\s+\w+\s+|there\s+)?(set\s+(?:this|it|that)\s+up|installed|configured|wired|built|did\s+(?:this|that))",
        s,
    )
    if m:
        return s[: m.start()] + f"the person {m[1] or ''}who {m[2]}" + s[m.end() :]
    m = ROLE_STAFF.search(s)
    if m and rule == "blame.client_staff":
        t = re.search(
            r"(?i)\b(?:messed|screwed|botched|broke|ruined|made\s+a\s+mess\s+of)\s*(?:up\s+)?(?P<obj>(?:the|your)\s+[^.!?;,]+)",
            s[m.end() :],
        )
        if t:
            obj = t["obj"].strip()
            return (
                s[: m.start()] + f"Thanks to your {m[1]} for the groundwork; {obj} needs a few changes, "
                f"and we'll go through them together" + s[m.end() + t.end() :]
            )
    passive = passive_clause(s)
    if passive and passive != s:
        return passive
    return None


def rewrite_blame(text: str, finding: Finding) -> tuple[int, int, str] | None:
    """Return (start, end, new sentence) retelling a blame finding's sentence neutrally, or None."""
    start, end = sentence_bounds(text, finding.start)
    end = max(end, finding.end)
    sentence = text[start:end]
    new = _blame_sentence(sentence, finding.rule)
    if new is None or new == sentence:
        return None
    new = re.sub(r"(?i)^(?:honestly|frankly|seriously|look|listen),\s*(\w)", lambda m: m[1].upper(), new)
    # A reminder of past warnings in the same sentence goes too ("..., which is exactly what we warned you about").
    new = re.sub(
        r"(?i),?\s*(?:which|that)\s+is\s+(?:exactly\s+)?what\s+(?:I|we)\s+warned\s+(?:you|them)\s+about", "", new
    )
    new = re.sub(r"(?i),?\s*(?:against|despite|ignoring)\s+(?:our|my)\s+(?:advice|warnings?|recommendations?)", "", new)
    return start, end, cap(new) if at_sentence_start(text, start) else new


# ---------------------------------------------------------------- condescension: reframe, not just delete
# Where deleting the phrase would leave a broken sentence, say the kind version instead.
REFRAMES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), r)
    for p, r in [
        (r"\bI['’]?m\s+not\s+(?:at\s+all\s+)?surprised(?:\s+that)?(?=\s+(?:you|your)\b)", "I can see why"),
        (
            r"\b(?:let\s+me|I['’]ll|I\s+will)\s+explain\s+(?:this|it)\s+(?:in\s+(?:simple|plain|easy)\s+terms|slowly|simply)"
            r"(?:,?\s+so\s+(?:that\s+)?you\s+can\s+(?:follow|keep\s+up|understand)(?:\s+along)?)?",
            "here is how it works",
        ),
        (
            r",?\s*since\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:seem(?:s|ed)?|appear(?:s|ed)?)\s+to\s+(?:confuse|baffle|trip\s+up|overwhelm)\s+you",
            " in case it helps",
        ),
        (
            r"\bI\s+reali[sz]e\s+(?:that\s+)?(?:technology|computers|tech|IT|this\s+stuff)\s+(?:isn['’]t|is\s+not|aren['’]t|are\s+not)\s+"
            r"(?:really\s+)?your\s+(?:strong\s+suit|thing|forte|strength|area|cup\s+of\s+tea),?\s*(?:so\s+)?",
            "",
        ),
        (
            r"(?:,\s*)?(?:since|as|because)\s+you(?:['’]re|\s+are)\s+not\s+(?:very\s+|exactly\s+|the\s+most\s+|really\s+)?"
            r"(?:tech[- ]savvy|technical|good\s+with\s+(?:computers|technology|tech)),?\s*",
            "",
        ),
        (r"\b(it['’]s)\s+(?:literally|just|only)\s+(one|a\s+single|two)\s+", r"\1 \2 "),
        (
            r"(?:please\s+)?(?:try\s+to\s+remember(?:\s+this\s+time)?|please\s+remember\s+this\s+time)[:,]?\s*(?:that\s+)?",
            "",
        ),
        (r"\bI['’]?m\s+sure\s+even\s+(your\s+\w+|you)\s+(?:can|could)\s+manage\s+to", r"\1 can"),
        (r"\beven\s+(your\s+\w+|you)\s+(?:can|could|should\s+be\s+able\s+to)\s+(?:manage\s+to\s+)?", r"\1 can "),
        (
            r"\bI\s+(?:honestly\s+|really\s+|just\s+)?(?:don['’]t|do\s+not|can['’]t)\s+understand\s+why\s+this\s+(?:keeps|kept)\s+"
            r"(?:confusing|tripping\s+up|baffling)\s+(your\s+\w+|you)",
            r"I'd be glad to walk \1 through this again",
        ),
        (
            r"(?:please\s+)?read\s+my\s+(previous|last|earlier|original)\s+(e-?mail|message|note|reply)\s+(?:properly|carefully|again|first)"
            r"(?:\s+before\s+asking\s+again)?",
            r"my \1 \2 has the details, and I'm happy to go through them again",
        ),
        (
            r"\bI\s+(?:can['’]?t|cannot)\s+believe(?:\s+that)?\s+(you|your\s+\w+)\s+(?:(can|could|still)\s+)?(?:even\s+)?",
            r"it's a credit to your team that \1 \2 ",
        ),
        (
            r"\bI['’]?m\s+surprised(?:\s+that)?\s+(?=you['’]ve|you\s+have|your\s+\w+\s+(?:has|have))",
            "it says a lot about your team that ",
        ),
        (
            r"\bit(?:['’]s|\s+is)\s+(?:pretty\s+|very\s+|quite\s+|so\s+|rather\s+|fairly\s+)?obvious(?:\s+that)?",
            "it's not always obvious, but",
        ),
        (
            r"\b(?:I['’]ll|I\s+will|let\s+me)\s+spell\s+it\s+out(?:\s+for\s+you)?(?:\s+(?:one\s+more|another)\s+time)?",
            "I'm happy to go through it again, step by step",
        ),
        (r"\b(?:a|any)\s+reasonably\s+(?:smart|intelligent)\s+person\s+would\s+have", "a good first step is to have"),
        (r"\bdon['’]t\s+worry\s+your\s+(?:pretty\s+)?(?:little\s+)?head\s+about", "you don't need to worry about"),
        (
            r",?\s*(?:it|this|that)\s+(?:would|will|might)\s+go(?:es)?\s+over\s+your\s+head(?:\s+anyway)?",
            "; we'll take care of it",
        ),
        (
            r"\bI['’]?m\s+sure\s+you['’]ll\s+get\s+the\s+hang\s+of\s+it(?:\s+eventually)?",
            "I'm happy to walk you through it any time",
        ),
        (
            r"\b(?:this|it|that)\s+should\s+be\s+(?:easy|simple)\s+enough\s+even\s+for\s+(your\s+\w+|you)",
            r"the steps are below, and I'm happy to go through them with \1",
        ),
        (
            r"\b(?:clearly\s+)?(?:nobody|no\s+one|no-one)\s+(?:over\s+there|there|in\s+your\s+\w+)\s+understands\s+how\s+([^.!?;]+?)\s+works",
            r"\1 can be confusing, so here is how it works",
        ),
        (
            r"\bit['’]?s\s+(?:honestly\s+|frankly\s+|truly\s+|really\s+)?(?:amazing|a\s+miracle|a\s+wonder|incredible)\s+that\s+your\s+(\w+)\s+still\s+(?:functions|works|runs)\s+at\s+all",
            r"your \1 has kept going with a lot of effort, and we can make it much easier",
        ),
        (
            r"\bas\s+I(?:['’]ve|\s+have)?\s+(?:already\s+)?(?:mentioned|explained|said|stated|noted)\s+(?:several|many|multiple|a\s+few)\s+times(?:\s+(?:already|now|before))?",
            "to recap",
        ),
    ]
]


def reframe_condescension(text: str, finding: Finding) -> tuple[int, int, str] | None:
    """Return (start, end, kinder words) for a condescending phrase with a known reframe, else None."""
    start, end = sentence_bounds(text, finding.start)
    start, end = max(start, finding.start - 200), min(end, finding.end + 200)  # linear on run-on text
    sentence = text[start:end]
    for pattern, kind in REFRAMES:
        for m in pattern.finditer(sentence):
            s, e = start + m.start(), start + m.end()
            if s <= finding.end and finding.start <= e:
                new = m.expand(kind)
                return s, e, cap(new) if at_sentence_start(text, s) else new
    return None
