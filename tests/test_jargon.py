"""Jargon: curated terms, shapes found by pattern, the rare-word fallback, and what is not jargon."""

from __future__ import annotations

import re

import pytest
from conftest import rules_of
from seed_examples import bad_example, good_example

from coach.lexicon import BUILTIN_DIR, load_rules
from coach.rewrite import apply_all

BAD = [
    ("The florist's website vanished because its DNS records expired with the old registrar.", "jargon.dns"),
    ("Open cmd on the till PC and run chkdsk /f, then restart it.", "jargon.command_line"),
    ("The till printer answers at 172.16.4.12 after the reset.", "jargon.ip_address"),
    ("Connect to the server on port 3389.", "jargon.port"),
    ("Block 00:1A:2B:3C:4D:5E on the wireless.", "jargon.mac_address"),
    ("The file is in C:\\ProgramData\\Sage\\Accounts.", "jargon.file_path"),
    ("Set HKLM\\Software\\Policies\\Foo to 1.", "jargon.registry_key"),
    ("The update failed with 0x80070005.", "jargon.error_code"),
    ("Install KB5034441 tonight.", "jargon.error_code"),
    ("We changed upload_max_filesize to 64M.", "jargon.config_key"),
    ("Six-year-old desktops with P4s running XP.", "jargon.model_code"),
    ("The i7-8700 in that desktop is fine.", "jargon.model_code"),
    ("The clinic's laptops will join the Wi-Fi through an 802.1X check.", "jargon.standard_code"),
    ("Point it at fs01.contoso.local.", "jargon.hostname"),
    ("The two new chefs can't sign in because their accounts were created in the wrong OU.", "jargon.directory"),
    ("The LACPX bundle on the core needs a reset.", "jargon.abbreviation"),
    ("The nightly job rebuilt the frobnistat tables.", "jargon.rare_word"),
]

GOOD = [
    "We will kill the stuck process and dump the logs.",
    "The delivery van's tablet wore out after five winters on the road.",
    "Please shut down the computer tonight.",
    "We met at 10.30 and finished at 12.15.",
    "Your CRM and the HIPAA checklist are both covered.",
    "Our head chef, Marco, is in Kilkenny on Friday.",
    "We'll add a NAS, a storage box that keeps shared files in one place, at the studio.",
    "Use the VPN, a secure private connection to the office, to reach the files. The VPN is on by default.",
    "DNS (the internet's address book for your website) now points to the new host.",
    "We set up a Virtual Private Network (VPN) for the branch. The VPN starts when the laptop does.",
]


@pytest.mark.parametrize("text,rule", BAD)
def test_bad(text, rule, coach_full):
    assert rule in rules_of(coach_full.analyse(text), "jargon")


@pytest.mark.parametrize("text", GOOD)
def test_good(text, coach_full):
    assert rules_of(coach_full.analyse(text), "jargon") == []


def test_exact_output(coach_full):
    text = "Reach the till at 172.16.4.12 on port 5900 using VNC."
    found = [(f.rule, f.start, f.end) for f in coach_full.analyse(text).findings if f.category == "jargon"]
    assert found == [("jargon.ip_address", 18, 29), ("jargon.port", 33, 42), ("jargon.network_protocol", 49, 52)]


def test_technical_reader_gets_no_jargon_but_still_gets_the_rest(coach_full):
    text = "Obviously the SPF record and the DKIM key were wrong."
    assert rules_of(coach_full.analyse(text, "technical"), "jargon") == []
    assert "condescension.obviously" in rules_of(coach_full.analyse(text, "technical"))
    assert rules_of(coach_full.analyse(text, "executive"), "jargon")


def test_acronym_flagged_before_its_explanation_but_not_after(coach_full):
    text = "The NAS is full. We will add a NAS (a storage box on your network) next week. The NAS is quiet."
    starts = [f.start for f in coach_full.analyse(text).findings if f.category == "jargon"]
    assert starts == [4]


def test_seed_003_bad_example_gets_jargon_and_good_example_none(coach_full):
    bad = coach_full.analyse(bad_example())
    assert {"P4s", "XP"} <= {f.text for f in bad.findings if f.category == "jargon"}
    assert [f for f in coach_full.analyse(good_example()).findings if f.category == "jargon"] == []


def test_offsets_always_slice_the_text(coach_full):
    text = "Hi Ray,\n\nWe pointed the PCs at the PDC emulator for NTP.\n\u00e9t\u00e9 \U0001f600 then ran ipconfig /flushdns."
    report = coach_full.analyse(text)
    assert report.findings
    assert all(report.text[f.start : f.end] == f.text for f in report.findings)


def test_shapes_do_not_swallow_the_full_stop(coach_full):
    text = "Please check HKLM\\Software. Then run ipconfig /flushdns. The file is in C:\\Users\\Bob\\Documents."
    found = {f.text for f in coach_full.analyse(text).findings if f.category == "jargon"}
    assert {"HKLM\\Software", "ipconfig /flushdns", "C:\\Users\\Bob\\Documents"} <= found


@pytest.mark.parametrize(
    ("draft", "run", "fixed"),
    [
        (
            "We will set up a site-to-site IPsec tunnel.",
            "site-to-site IPsec tunnel",
            "We will set up an encrypted link.",
        ),
        (
            "We will set up a site-to-site IPsec link.",
            "site-to-site IPsec",
            "We will set up a site-to-site IPsec link.",
        ),
        ("Open the files over the SSL VPN.", "SSL VPN", "Open the files over the secure connection to the office."),
    ],
)
def test_terms_side_by_side_are_one_finding_and_one_fix(coach_full, draft, run, fixed):
    jargon = [f for f in coach_full.analyse(draft).findings if f.category == "jargon"]
    assert [f.text for f in jargon] == [run]
    assert apply_all(draft, jargon, rewriter=coach_full.rewriter) == fixed


def test_terms_apart_stay_apart(coach_full):
    draft = "Check the DNS and DHCP settings."
    assert [f.text for f in coach_full.analyse(draft).findings if f.category == "jargon"] == ["DNS", "DHCP"]


@pytest.mark.parametrize(
    "draft",
    [
        "The SQL Server tempdb (the database's scratch space) filled up overnight.",
        "We set up a site-to-site IPsec (an encrypted link between the two offices) last week.",
        "We traced it to Kerberos clock skew (the computers' clocks disagreeing) on two laptops.",
    ],
)
def test_a_gloss_after_a_run_of_terms_explains_the_whole_run(coach_full, draft):
    # The revision glosses a run of adjacent terms once, after its last term; the run is then explained.
    assert [f.text for f in coach_full.analyse(draft).findings if f.category == "jargon"] == []


def test_a_gloss_explains_only_the_run_it_follows(coach_full):
    draft = "The SQL Server tempdb filled up, so the IPsec (an encrypted link between the offices) dropped."
    flagged = [f.text for f in coach_full.analyse(draft).findings if f.category == "jargon"]
    assert any("SQL Server" in t for t in flagged) and "IPsec" not in flagged


JARGON_RULES = [r for r in load_rules((BUILTIN_DIR,)) if r.category == "jargon"]


@pytest.mark.parametrize("rule", [r for r in JARGON_RULES if r.phrases], ids=lambda r: r.id)
def test_every_term_of_a_family_has_its_own_plain_words(rule):
    # One gloss for a whole family gave "the network settings and the network settings tunnel".
    own = dict(rule.action.glosses)
    assert [p for p in rule.phrases if " ".join(p.lower().split()) not in own] == []
    for term, words in own.items():
        assert not re.search(rf"(?i)\b{re.escape(term)}\b", words), (term, words)  # the words never repeat the term


def test_a_plural_term_gets_plural_words_and_a_singular_one_singular(coach_full):
    nlp = coach_full.nlp
    pairs = [(r, p) for r in JARGON_RULES for p in r.phrases if p.endswith("s") and p[:-1] in r.phrases]
    assert len(pairs) > 15
    for rule, plural in pairs:
        one, many = rule.action.words_for(plural[:-1]), rule.action.words_for(plural)
        heads = [next(iter(nlp(words).noun_chunks)).root.tag_ for words in (one, many)]
        assert heads[0] in ("NN", "NNP") and heads[1] in ("NNS", "NNPS"), (rule.id, one, many, heads)


@pytest.mark.parametrize(
    ("draft", "fixed"),
    [
        ("Open ports 80 and 443 on the firewall.", "Open network ports on the firewall."),
        ("Install KB5034441 on the server.", "Install a Windows update on the server."),
        ("We saw event ID 4625 all night.", "We saw a logged event all night."),
        ("The site threw 502 errors all night.", "The site threw website errors all night."),
        ("Six-year-old desktops with P4s.", "Six-year-old desktops with old processors."),
        ("The desktops have 4 GB of RAM.", "The desktops have 4 GB of memory."),
        ("Block 10.0.0.0/24 on the firewall.", "Block a block of network addresses on the firewall."),
        ("Please open cmd and type this.", "Please open the command window and type this."),
        ("The desktops run at 2.4 GHz.", "The desktops run at 2.4 GHz."),  # a speed: no true short words, card only
    ],
)
def test_a_shape_gets_the_words_of_its_form(coach_full, draft, fixed):
    found = [f for f in coach_full.analyse(draft).findings if f.category == "jargon"]
    assert found
    assert apply_all(draft, found, rewriter=coach_full.rewriter) == fixed


@pytest.mark.parametrize(
    ("draft", "fixed"),
    [
        # the draft's own determiner stays; "a"/"an" agrees with the new first word
        ("Use the VPN to reach the files.", "Use the secure connection to the office to reach the files."),
        ("We'll deploy an 802.1X policy.", "We'll deploy a network sign-in policy."),
        ("The scan found a PUP.", "The scan found an unwanted program."),
        ("We moved the mailboxes into your tenant.", "We moved the mailboxes into your Microsoft 365 account."),
        # a term before a noun it describes keeps its card when its words cannot stand there
        ("We set up a site-to-site IPsec link.", "We set up a site-to-site IPsec link."),
        # two terms of one family whose words would repeat: the second keeps its card
        ("The LDAP and the LDAPS lookups failed.", "The staff directory lookup and the LDAPS lookups failed."),
        ("The VPN and the VPN client failed.", "The secure connection to the office and the VPN client failed."),
    ],
)
def test_replacements_read_as_english(coach_full, draft, fixed):
    found = [f for f in coach_full.analyse(draft).findings if f.category == "jargon"]
    assert apply_all(draft, found, rewriter=coach_full.rewriter) == fixed
