"""Jargon: curated terms, shapes found by pattern, the rare-word fallback, and what is not jargon."""

from __future__ import annotations

import pytest
from conftest import rules_of
from seed_examples import bad_example, good_example

from coach.rewrite import apply_all

BAD = [
    ("We rebuilt the DNS zone and set the TTL to 300.", "jargon.dns"),
    ("Please open cmd and run gpupdate /force, then reboot.", "jargon.command_line"),
    ("Connect to 10.0.0.5 on port 3389.", "jargon.ip_address"),
    ("Connect to the server on port 3389.", "jargon.port"),
    ("Block 00:1A:2B:3C:4D:5E on the wireless.", "jargon.mac_address"),
    ("The file is in C:\\ProgramData\\Sage\\Accounts.", "jargon.file_path"),
    ("Set HKLM\\Software\\Policies\\Foo to 1.", "jargon.registry_key"),
    ("The update failed with 0x80070005.", "jargon.error_code"),
    ("Install KB5034441 tonight.", "jargon.error_code"),
    ("We raised pm.max_children to 40.", "jargon.config_key"),
    ("Six-year-old desktops with P4s running XP.", "jargon.model_code"),
    ("The i7-8700 in that desktop is fine.", "jargon.model_code"),
    ("We'll deploy an 802.1X policy.", "jargon.standard_code"),
    ("Point it at fs01.contoso.local.", "jargon.hostname"),
    ("The Azure AD Connect sync broke because the UPN suffix changed.", "jargon.directory"),
    ("The LACPX bundle on the core needs a reset.", "jargon.abbreviation"),
    ("The nightly job rebuilt the frobnistat tables.", "jargon.rare_word"),
]

GOOD = [
    "We will kill the stuck process and dump the logs.",
    "The old laptop reached the end of its life after seven years of daily use.",
    "Please shut down the computer tonight.",
    "We met at 10.30 and finished at 12.15.",
    "Your CRM and the HIPAA checklist are both covered.",
    "Our office manager, Priya, is in Fresno on Friday.",
    "We'll install a firewall, a device that screens internet traffic before it reaches your computers, at both offices.",
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
    text = "Connect to 10.0.0.5 on port 3389 using RDP."
    found = [(f.rule, f.start, f.end) for f in coach_full.analyse(text).findings if f.category == "jargon"]
    assert found == [("jargon.ip_address", 11, 19), ("jargon.port", 23, 32), ("jargon.network_protocol", 39, 42)]


def test_technical_reader_gets_no_jargon_but_still_gets_the_rest(coach_full):
    text = "Obviously the DNS zone and the TTL were wrong."
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
