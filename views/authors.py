"""One person, one author: the lead's alias editor and alias-merged month-over-month rows.

Author keys come from coach.review.author_key (address, else normalised
name); the aliases a lead sets here live in coach.aliases' JSON file, so the
CLI summary and every part of the Team review page count that person once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from coach.aliases import Aliases, resolve
from coach.report import CATEGORIES

from .message import md_escape

TEAM = "(team)"


def current_aliases() -> dict[str, str]:
    """Return the lead's alias map as saved on this machine ({} when there is none)."""
    return Aliases().load()


def merge_tone_rows(rows: Iterable[dict[str, Any]], aliases: Mapping[str, str]) -> list[dict[str, Any]]:
    """Return History.compare_tone rows with aliased authors merged (tone weighted by messages)."""
    merged: dict[str, dict[str, Any]] = {}
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        who = row["author"] if row["author"] == TEAM else resolve(row["author"], aliases)
        out = merged.setdefault(who, {"author": who, "messages_a": 0, "messages_b": 0})
        for side in ("a", "b"):
            n, tone = row[f"messages_{side}"] or 0, row[f"tone_{side}"]
            out[f"messages_{side}"] += n
            if tone is not None and n:
                sums[who][side] += tone * n
                sums[who][f"n{side}"] += n
    result = []
    for who, out in merged.items():
        for side in ("a", "b"):
            n = sums[who][f"n{side}"]
            out[f"tone_{side}"] = round(sums[who][side] / n, 1) if n else None
        a, b = out["tone_a"], out["tone_b"]
        out["change"] = round(b - a, 1) if a is not None and b is not None else None
        result.append(out)
    return sorted(result, key=lambda r: (r["author"] != TEAM, r["author"].casefold()))


def merge_category_rows(rows: Iterable[dict[str, Any]], aliases: Mapping[str, str]) -> list[dict[str, Any]]:
    """Return History.compare rows with aliased authors merged (counts summed, rates recomputed)."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        who = row["author"] if row["author"] == TEAM else resolve(row["author"], aliases)
        out = merged.setdefault(
            (who, row["category"]),
            {
                "author": who,
                "category": row["category"],
                "messages_a": 0,
                "messages_b": 0,
                "findings_a": 0,
                "findings_b": 0,
            },
        )
        for key in ("messages_a", "messages_b", "findings_a", "findings_b"):
            out[key] += row[key] or 0
    result = []
    for out in merged.values():
        a = round(out["findings_a"] / out["messages_a"], 2) if out["messages_a"] else None
        b = round(out["findings_b"] / out["messages_b"], 2) if out["messages_b"] else None
        out.update(
            per_message_a=a, per_message_b=b, change=round(b - a, 2) if a is not None and b is not None else None
        )
        result.append(out)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(result, key=lambda r: (r["author"] != TEAM, r["author"].casefold(), order.get(r["category"], 99)))


def render_aliases(authors: Iterable[str]) -> None:
    """Let the lead say two author names are one person, and undo it; saved on this machine."""
    store = Aliases()
    aliases = store.load()
    names = sorted(set(authors) | set(aliases) | set(aliases.values()), key=str.casefold)
    with st.expander(f"Same person, different names? ({len(aliases)} merged)"):
        st.caption(
            "Authors are told apart by email address, else by name. When one person appears twice "
            "(a helpdesk sheet says \u201cSam Carter\u201d, mail says sam@\u2026), merge them: every table, "
            "chart, export and month-over-month comparison then counts them once. Kept on this machine."
        )
        if len(names) >= 2:
            left, right = st.columns(2)
            alias = left.selectbox("This author", names, index=None, key="alias_from", placeholder="Choose a name")
            person = right.selectbox(
                "is the same person as",
                [n for n in names if n != alias],
                index=None,
                key="alias_to",
                placeholder="Choose who",
            )
            if st.button("Merge these authors", key="alias_merge", disabled=not (alias and person)):
                store.merge(str(alias), str(person))
                st.rerun()
        for i, (alias, person) in enumerate(sorted(aliases.items())):
            text_col, button_col = st.columns([4, 1], vertical_alignment="center")
            text_col.markdown(f"{md_escape(alias)} → **{md_escape(person)}**")
            if button_col.button(
                "Split", key=f"alias_split_{i}", help=md_escape(f"Count {alias} as their own person again")
            ):
                store.split(alias)
                st.rerun()
