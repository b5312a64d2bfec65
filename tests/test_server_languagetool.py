"""POST /v2/check and GET /v2/languages speak LanguageTool's HTTP API.

The shape checked here is LanguageTool's own, as its clients parse it:
- language_tool_python (PyPI, jxmorris12/language_tool_python): `api_types.py`
  types CheckResponse {matches, language, warnings} and CheckMatch {message,
  shortMessage, replacements [{value}], offset, length, context {text, offset,
  length}, sentence, type {typeName}, rule {id, description, issueType,
  category {id, name}}, ignoreForIncompleteSentence, contextForSureMatch};
  `match.py` carries a sample match JSON from a real server; LanguageInfo is
  {name, code, longCode};
- languagetool-org/languagetool issue #11361 shows a full /v2/check response
  from LanguageTool 6.7.1, with `software` {name, version, buildDate,
  apiVersion, premium, status} and `language.detectedLanguage`.
Offsets are UTF-16 code units (LanguageTool is Java): language_tool_python's
PR #94 ("characters encoded on 4 bytes ... count as 2") and Emacs-langtool
issue #69 both correct for it on the client side.

The real client, language_tool_python 3.4.0, talks to our server with
`remote_server=` (it starts no Java and downloads nothing in that mode).
"""

from __future__ import annotations

import json

import language_tool_python
import pytest
from server_harness import client, running_server

from coach.server import Settings
from coach.server.languagetool import Utf16, annotated_document, utf16_len

DRAFT = "Obviously the DHCP is broken. Whoever set this up messed up."
EMOJI = "🎉😀 Great news 👍🏽: obviously the DHCP is fixed, and the VPN too."

CHECK_MATCH_KEYS = {
    "message",
    "shortMessage",
    "replacements",
    "offset",
    "length",
    "context",
    "sentence",
    "type",
    "rule",
    "ignoreForIncompleteSentence",
    "contextForSureMatch",
}


@pytest.fixture(scope="module")
def url(coach_full):
    with running_server(Settings(rate_limit=0), coach_full) as base:
        yield base


@pytest.fixture
def http(url):
    with client(url) as c:
        yield c


@pytest.fixture
def tool(url, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # requests must not send loopback to a proxy
    lt = language_tool_python.LanguageTool("en-US", remote_server=url)
    yield lt
    lt.close()


def test_response_has_languagetools_shape(http):
    body = http.post("/v2/check", data={"language": "en-US", "text": DRAFT}).json()
    assert set(body) == {"software", "warnings", "language", "matches"}
    assert {"name", "version", "apiVersion", "buildDate", "status", "premium"} <= set(body["software"])
    assert body["language"]["code"] == "en-US" and body["language"]["name"] == "English (US)"
    assert {"name", "code", "confidence"} <= set(body["language"]["detectedLanguage"])
    assert body["warnings"] == {"incompleteResults": False}
    assert body["matches"]
    for match in body["matches"]:
        assert set(match) == CHECK_MATCH_KEYS
        assert set(match["rule"]) == {"id", "description", "issueType", "category"}
        assert set(match["rule"]["category"]) == {"id", "name"}
        assert set(match["context"]) == {"text", "offset", "length"}
        assert all(set(r) == {"value"} for r in match["replacements"])
        assert match["type"]["typeName"] in {"Other", "Hint"}
        context = match["context"]
        assert (
            context["text"][context["offset"] : context["offset"] + context["length"]]
            == DRAFT[match["offset"] : match["offset"] + match["length"]]
        )
    dhcp = next(m for m in body["matches"] if m["rule"]["id"] == "jargon.dhcp")
    assert DRAFT[dhcp["offset"] : dhcp["offset"] + dhcp["length"]] == "DHCP"
    assert dhcp["rule"]["category"] == {"id": "JARGON", "name": "Jargon"}
    assert dhcp["rule"]["issueType"] == "terminology"
    assert dhcp["replacements"] == [{"value": "automatic network addressing"}]
    assert dhcp["sentence"] == "Obviously the DHCP is broken."


def test_offsets_are_utf16_code_units(http, coach_full):
    body = http.post("/v2/check", data={"language": "en-US", "text": EMOJI}).json()
    units = EMOJI.encode("utf-16-le")
    expected = {f.rule: f for f in coach_full.analyse(EMOJI).findings}
    assert {m["rule"]["id"] for m in body["matches"]} == set(expected)
    for match in body["matches"]:
        flagged = units[2 * match["offset"] : 2 * (match["offset"] + match["length"])].decode("utf-16-le")
        finding = expected[match["rule"]["id"]]
        assert flagged == finding.text
        assert match["offset"] == len(EMOJI[: finding.start].encode("utf-16-le")) // 2
    dhcp = next(m for m in body["matches"] if m["rule"]["id"] == "jargon.dhcp")
    assert dhcp["offset"] == EMOJI.index("DHCP") + 4  # four astral characters (🎉 😀 👍 🏽) before it, 2 units each


def test_real_client_language_tool_python(tool, coach_full):
    matches = tool.check(EMOJI)
    found = {m.rule_id: m for m in matches}
    expected = {f.rule: f.text for f in coach_full.analyse(EMOJI).findings}
    assert {"condescension.obviously", "jargon.dhcp", "jargon.vpn"} <= set(found) == set(expected)
    for m in matches:  # the client turns UTF-16 offsets back into Python ones: they must land on the words
        assert EMOJI[m.offset : m.offset + m.error_length] == expected[m.rule_id]
    assert EMOJI[found["jargon.dhcp"].offset :].startswith("DHCP")
    assert found["jargon.dhcp"].category == "JARGON" and found["jargon.dhcp"].rule_issue_type == "terminology"
    assert "automatic network addressing" in found["jargon.dhcp"].replacements
    corrected = tool.correct(EMOJI)  # the client applies the first replacements at the offsets we gave
    assert corrected.startswith("🎉😀 Great news 👍🏽: ") and "the automatic network addressing is fixed" in corrected


def test_real_client_rule_and_category_switches(tool):
    tool.disabled_rules.update({"jargon.dhcp"})
    assert {m.rule_id for m in tool.check(DRAFT)} >= {"condescension.obviously"}
    assert "jargon.dhcp" not in {m.rule_id for m in tool.check(DRAFT)}
    tool.disabled_rules.clear()
    tool.disabled_categories.update({"CONDESCENSION"})
    assert "condescension" not in {m.category.lower() for m in tool.check(DRAFT)}
    tool.disabled_categories.clear()
    tool.enabled_categories.update({"JARGON"})
    tool.enabled_rules_only = True
    assert {m.category for m in tool.check(DRAFT)} == {"JARGON"}


def test_form_fields_enable_and_disable(http):
    def rules(**fields: str) -> set[str]:
        body = http.post("/v2/check", data={"language": "en-US", "text": DRAFT, **fields}).json()
        return {m["rule"]["id"] for m in body["matches"]}

    everything = rules()
    assert {"condescension.obviously", "jargon.dhcp"} <= everything
    assert rules(disabledRules="jargon.dhcp,nonesuch") == everything - {"jargon.dhcp"}  # unknown ids ignored
    assert not any(r.startswith("jargon") for r in rules(disabledCategories="jargon"))
    assert rules(enabledRules="jargon.dhcp", enabledOnly="true") == {"jargon.dhcp"}
    assert rules(enabledRules="jargon.dhcp") == everything  # enabledRules alone adds, as in LanguageTool
    only = rules(enabledCategories="CONDESCENSION,BLAME", enabledOnly="true")
    assert only and all(r.split(".")[0] in {"condescension", "blame"} for r in only)
    assert not any(r.startswith("jargon") for r in rules(audience="technical"))


def test_annotated_data_offsets_point_into_the_markup(http):
    annotation = [
        {"markup": "<p>"},
        {"text": "Obviously the "},
        {"markup": '<b class="x">'},
        {"text": "DHCP"},
        {"markup": "</b>"},
        {"text": " is down 😀."},
        {"markup": "<br/>", "interpretAs": "\n"},
        {"text": "The VPN too."},
        {"markup": "</p>"},
    ]
    document = "".join(part.get("text", part.get("markup", "")) for part in annotation)
    body = http.post("/v2/check", data={"language": "auto", "data": json.dumps({"annotation": annotation})}).json()
    assert body["language"]["code"] == "en-US"
    units = document.encode("utf-16-le")
    flagged = {
        m["rule"]["id"]: units[2 * m["offset"] : 2 * (m["offset"] + m["length"])].decode("utf-16-le")
        for m in body["matches"]
    }
    assert flagged["jargon.dhcp"] == "DHCP" and flagged["jargon.vpn"] == "VPN"
    assert flagged["condescension.obviously"] == "Obviously"


@pytest.mark.parametrize(
    "data, status, says",
    [
        ({"language": "en-US"}, 400, "missing 'text' or 'data'"),
        ({"text": "Hello there."}, 400, "missing 'language'"),
        ({"language": "de-DE", "text": "Hallo."}, 400, "'de-DE' is not a language"),
        ({"language": "en-US", "text": "  "}, 400, "nothing to analyse"),
        ({"language": "en-US", "data": "{not json"}, 400, "invalid 'data'"),
        ({"language": "en-US", "data": '{"annotation": [{"bold": 1}]}'}, 400, "part 0"),
        ({"language": "en-US", "text": "a", "data": '{"annotation": []}'}, 400, "not both"),
        ({"language": "en-US", "text": "Hello.", "audience": "aliens"}, 400, "unknown audience"),
    ],
)
def test_check_errors_are_clear_json(http, data, status, says):
    response = http.post("/v2/check", data=data)
    assert response.status_code == status and says in response.json()["error"]


def test_languages_lists_english_variants(http):
    languages = http.get("/v2/languages").json()
    assert {"name": "English (US)", "code": "en", "longCode": "en-US"} in languages
    assert all(set(lang) == {"name", "code", "longCode"} for lang in languages)
    assert {lang["longCode"] for lang in languages} >= {"en-US", "en-GB"}


def test_utf16_conversion():
    text = "a😀b👍🏽c"
    to16 = Utf16(text)
    assert [to16(i) for i in range(len(text) + 1)] == [len(text[:i].encode("utf-16-le")) // 2 for i in range(7)]
    assert utf16_len(text) == len(text.encode("utf-16-le")) // 2 == 9


def test_annotated_document_maps_offsets():
    doc = annotated_document([{"text": "Hi "}, {"markup": "<br>", "interpretAs": "\n"}, {"text": "there"}])
    assert doc.plain == "Hi \nthere" and doc.original == "Hi <br>there"
    assert doc.to_original(4) == doc.original.index("there")
    assert doc.to_original(9, end=True) == len(doc.original)
    assert doc.to_original(3) == 3 and doc.to_original(4, end=True) == 7  # inside markup: its start or end
