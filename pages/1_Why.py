"""Why the coach flags each category: one short section per category, linked from every finding.

A finding's "More on ..." link opens this page with ?topic=<category>; that
category is shown first.
"""

from __future__ import annotations

import streamlit as st

from views.why import WHY

st.set_page_config(page_title="Why it matters · Tone Coach", page_icon="📖")
st.title("Why the coach flags what it flags")
st.caption(
    "Clients judge our work by how it feels to deal with us as much as by the fix itself. "
    "Each section says why a kind of wording costs trust and what to write instead."
)
topic = st.query_params.get("topic", "")
order = sorted(WHY, key=lambda category: category != topic)  # the linked category first
for category in order:
    why = WHY[category]
    st.header(why.title, anchor=category, divider="blue" if category == topic else "gray")
    st.write(why.summary)
    st.write(f"**Instead:** {why.instead}")
