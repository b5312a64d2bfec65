"""Business benefit: recommendations and requests for spend or change that never say what they do for the client.

Catches asks ("we recommend replacing", "you need to buy", "our recommendation
is to move", "we'd like to replace", "please approve the budget for", "it's
time to upgrade", "consider upgrading", "the server needs replacing") when a
change or a purchase follows, and flags them only when the MESSAGE states no
benefit to the client's business anywhere: time or money saved, risk, outages
or breakdowns avoided, staff free to serve customers or patients, compliance,
insurance, protection, speed, reliability ("so that", "means your team can",
"would cut", "will end the jams", "saves everyone time").

Announcements of decided work ("We'll install a firewall") are not asks, and
an ask for anything but a change ("I suggest we talk on Tuesday") is not one.

What is recommended decides the suggested benefit: lexicons/benefit.yml holds
one entry per subject (hardware, server, backup, security, licence, cloud,
phone, wireless, network, software, and benefit.general when none fits), each
with a `benefit` sentence the writer can adapt. The finding is anchored on the
ask's clause; replacement is None (only the writer knows the real benefit), and
the revision (coach.rewrite) adds the suggested sentence after it.

Why: seed 003 - "their business objectives and benefits [must] be directly
matched to any recommended IT upgrades"; its model answer ends on the time
staff save for treating patients. Seed 002: collect data to demonstrate ROI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ..lexicon import Rule
from ..report import Finding
from .base import LexiconAnalyser, doc_text, make_finding, sentences
from .risk import RISK_AS_COST, risk_as_cost

_ASK = [
    r"(?:I|we)(?:['’]d|\s+would)?\s+(?:strongly\s+|really\s+|now\s+|also\s+|therefore\s+)?"
    r"(?:recommend|suggest|propose|advise|advocate|urge)(?:ing)?",
    r"(?:our|my)\s+(?:strong\s+|main\s+|first\s+)?(?:recommendation|suggestion|proposal|advice)\s+(?:is|would\s+be|remains)",
    r"(?:I|we)\s+(?:would\s+)?(?:like|want|need)\s+to",
    r"(?:I|we)['’]d\s+(?:like|love|want)\s+to",
    r"(?:I|we)(?:['’]d|\s+would)(?=\s+(?:replace|upgrade|buy|renew|switch|move|migrate|retire|swap|get\s+new))",
    r"it['’]?s\s+(?:high\s+|about\s+|probably\s+|now\s+)?time\s+(?:to|for|(?:we|you)\s+(?:looked\s+at|thought\s+about|considered))",
    r"(?:can|could|shall|may)\s+(?:we|I)\s+go\s+ahead(?:\s+and)?",
    r"(?:the|our)\s+best\s+(?:option|course|plan|move|bet)\s+(?:is|would\s+be)",
    r"(?:you|we|they|it|this|these)\s*(?:really\s+|probably\s+|definitely\s+|also\s+|urgently\s+)?"
    r"(?:should|ought\s+to|must|need\s+to|needs\s+to|have\s+to|has\s+to|will\s+need\s+to|['’]ll\s+need\s+to|"
    r"may\s+want\s+to|might\s+want\s+to|['’]ll\s+want\s+to)",
    r"(?:please\s+)?consider",
    r"(?:needs?|due)\s+(?:for|to\s+be)",
    r"needs?(?=\s+(?:replacing|upgrading|renewing))",
    r"(?:is|are)\s+due\s+for",
]
ASK = re.compile(r"\b(?:" + "|".join(_ASK) + r")\b", re.IGNORECASE)
# What must follow an ask for it to be one for spend or change.
CHANGE = re.compile(
    r"^\W*(?:to\s+)?(?:(?:that\s+)?(?:you|we|the\s+\w+)\s+)?(?:be\s+)?(?:(?:go\s+ahead\s+and|now|also|soon|seriously|probably)\s+)?"
    r"(?:replac|upgrad|buy|buying|bought|purchas|invest|renew|migrat|switch|"
    r"mov(?:e|ing)\s+(?:\w+\s+){0,5}?(?:to|into|onto)\s+(?:(?:the\s+)?cloud|a\s+(?:new|hosted|cloud|modern|different)|an\s+online|"
    r"new|hosted|online|Microsoft|Office|Google|SharePoint|OneDrive)\b|retir|swap|adopt|install|"
    r"add(?:ing)?\s+(?:a|an|another|new|more|two|three|extra)\b|implement|deploy|standardi[sz]|consolidat|refresh|"
    r"moderni[sz]|get(?:ting)?\s+(?:a\s+)?new|order|lease|subscrib|sign\s+up|new\s+\w+|"
    r"(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:replacement|upgrade|refresh|migration)|(?:a\s+|an\s+)?new)",
    re.IGNORECASE,
)
APPROVE = re.compile(
    r"\b(?:please\s+)?(?:approve|sign\s+off\s+on|authori[sz]e|green-?light)\s+(?:the|this|our|a|an)\s+"
    r"(?:new\s+\w+|budget|spend|spending|purchase|order|quote|proposal|upgrade|replacement|expense|investment|estimate|"
    r"purchase\s+order)|\b(?:can|could|may)\s+(?:we|I)\s+(?:get|have)\s+(?:your\s+)?(?:approval|sign-?off|go-?ahead)\b|"
    r"\bgo\s+ahead\s+with\s+the\s+(?:order|purchase|upgrade|replacement|migration|quote)\b|"
    r"\b(?:need|request|ask\s+for|awaiting|await)\s+(?:your\s+)?(?:approval|sign-?off|budget\s+approval)\s+(?:for|to|on)\b",
    re.IGNORECASE,
)
# Wording that states a benefit to the client's business; anywhere in the message it excuses every ask.
_STATED = [
    r"so\s+that",
    r"so\s+(?:your|you|the\s+team|staff|everyone|nobody|no\s+one|patients|customers|clients|calls|files)\b",
    r"in\s+order\s+to",
    r"which\s+(?:will|would|means|lets|allows|gives|saves|cuts|keeps)",
    r"means?\s+(?:your|you|the\s+team|staff|everyone|nobody|no\s+one|fewer|less|no\s+more)",
    r"(?:would|will|could|should|can)\s+(?:also\s+)?(?:cut|save|reduce|speed|protect|prevent|avoid|end|stop|let|allow|help|keep|give|"
    r"mean|lower|halve|free|pay|make\s+(?:quite\s+)?a\s+(?:\w+\s+)?difference)",
    r"(?:to|and|help)\s+(?:protect|avoid|prevent|reduce|cut|save|speed\s+up|harden|meet|keep\s+\w+\s+(?:safe|secure|running|working))",
    r"sav(?:e|es|ed|ing)\s+(?:\w+\s+){0,2}(?:time|money|hours?|minutes|days|costs?)",
    r"time\s+(?:saved|back)",
    r"(?:cost|costs|costing)\s+(?:less|more)",
    r"cheaper",
    r"lower\s+(?:cost|bill|bills|costs)",
    r"pays?\s+for\s+itself",
    r"return\s+on\s+(?:the\s+)?investment",
    r"ROI",
    r"faster",
    r"quicker",
    r"speed\s+up",
    r"in\s+seconds",
    r"instead\s+of\s+(?:minutes|hours|days|waiting)",
    r"fewer\s+\w+",
    r"less\s+(?:time|downtime|waiting)",
    r"without\s+(?:interruptions?|dropouts?|downtime|delays?|waiting|losing)",
    r"no\s+more\s+\w+",
    r"downtime",
    r"outages?",
    r"breakdowns?",
    r"(?:the\s+)?risks?\s+of",
    r"at\s+risk",
    r"protect(?:s|ed|ion)?",
    r"safe(?:ly|r|ty)?",
    r"secure\s+(?:against|from)",
    r"breach(?:es)?",
    r"fines",
    r"penalt(?:y|ies)",
    r"complian(?:ce|t)",
    r"insurance",
    r"audits?",
    r"reliab(?:le|ly|ility)",
    r"smoothly",
    r"steady",
    r"(?:not|never|n['’]t)\s+cost\s+you",
    r"(?:keeps?|stays?)\s+(?:the\s+|your\s+)?(?:\w+\s+)?(?:supported|up\s+to\s+date|running|working|secure)",
    r"productiv(?:e|ity)",
    r"efficien(?:t|cy)",
    r"(?:lets?|allows?|enables?|helps?)\s+(?:you|your|staff|the\s+team|everyone|patients|customers|clients)",
    r"(?:your|the)\s+(?:team|staff|people|front\s+desk|patients|customers|clients)\s+(?:can|could|will\s+be\s+able|would\s+be\s+able)",
    r"frees?\s+up",
    r"(?:losing|lose|lost)\s+(?:\w+\s+){0,2}(?:work|data|records|files|sales|business|customers)",
    r"nothing\s+(?:is|gets|would\s+be)\s+lost",
    r"from\s+anywhere",
    r"from\s+home",
    r"support\s+and\s+(?:security\s+)?updates",
    r"under\s+warranty",
    r"calls\s+(?:reach|follow|go)",
    r"treating\s+patients",
    r"serv(?:e|ing)\s+(?:your\s+)?(?:customers|clients|patients)",
    r"business\s+(?:benefit|case|value)",
    r"worth\s+it",
    r"end\s+the\s+\w+",
    r"saves?\s+everyone",
    r"stops?\s+(?:dropping|freezing|crashing|failing|jamming|breaking)",
]
STATED = re.compile(r"\b(?:" + "|".join(_STATED) + r")\b", re.IGNORECASE)
# An ask inside a question from the client's side or a conditional offer is not a recommendation.
# Explicit advice; a bare "we need to add" or "you have to buy" counts only with a known IT subject.
STRONG_ASK = re.compile(
    r"recommend|suggest|propos|advi[cs]e|advocate|urge|consider|approv|time\s+(?:to|for)|best", re.IGNORECASE
)
NOT_ASK_SENTENCE = re.compile(r"^\W*(?:if|when|whether|do\s+you\s+want|would\s+you\s+like)\b", re.IGNORECASE)


def states_benefit(text: str) -> bool:
    """Return whether the text states a benefit to the client's business anywhere."""
    return bool(STATED.search(text))


def find_asks(doc: Doc) -> list[tuple[Span, int]]:
    """Return (sentence, offset) for each sentence that asks for spend or change, at its first ask."""
    found = []
    for sent in sentences(doc).spans:
        text = sent.text
        if NOT_ASK_SENTENCE.search(text):
            continue
        hit = None
        for m in ASK.finditer(text):
            if CHANGE.search(text[m.end() : m.end() + 200]):
                hit = m.start()
                break
        if hit is None:
            approve = APPROVE.search(text)
            hit = approve.start() if approve else None
        if hit is not None:
            found.append((sent, sent.start_char + hit))
    return found


def clause_end(doc: Doc, sent: Span, start: int) -> int:
    """Return where the ask's clause ends: the sentence end, before a ';' or closing punctuation."""
    text = doc_text(doc)
    end = sent.end_char
    semi = text.find(";", start, end)
    if semi != -1:
        end = semi
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?,;:"):
        end -= 1
    return end


class BenefitAnalyser(LexiconAnalyser):
    """Flag asks for spend or change when the message states no benefit; suggest one by subject."""

    category = "benefit"
    code_rules = (RISK_AS_COST,)

    def __init__(self, rules: Sequence[Rule]):
        super().__init__(rules)
        self.topics = [r for r in self.lexicon_rules if r.id != "benefit.general"]
        general = [r for r in self.lexicon_rules if r.id == "benefit.general"]
        self.general = general[0] if general else None

    def topic_for(self, doc: Doc, sent: Span, start: int, audience: str) -> Rule | None:
        """Return the subject rule for an ask: after the ask, else the sentence, else the one before."""
        index = sentences(doc).spans
        i = index.index(sent)
        windows = [doc_text(doc)[start : sent.end_char], sent.text]
        if i > 0:
            windows.append(index[i - 1].text)
        for window in windows:
            best = None
            for rule in self.topics:
                if not rule.applies_to(audience):
                    continue
                m = rule.pattern.search(window)
                if m and (best is None or m.start() < best[0]):
                    best = (m.start(), rule)
            if best:
                return best[1]
        return self.general

    def __call__(self, doc: Doc, audience: str) -> list[Finding]:
        """Return a finding per ask for spend or change when the message states no benefit, else risk as cost."""
        if states_benefit(doc_text(doc)):
            return []
        found = []
        asks = find_asks(doc)
        if not asks:
            return risk_as_cost(doc, excused=False) if RISK_AS_COST.applies_to(audience) else []
        for sent, start in asks:
            rule = self.topic_for(doc, sent, start, audience)
            if rule is None or not rule.applies_to(audience):
                continue
            if rule is self.general and not STRONG_ASK.search(doc_text(doc)[start : start + 40]):
                continue
            end = clause_end(doc, sent, start)
            found.append(
                make_finding(
                    rule, doc_text(doc), start, end, suggestion=rule.action.text or rule.suggestion, replacement=None
                )
            )
        return found
