"""The coaching page's client picker and "my client knows this word" allow list (coach.allowlist).

The words are kept per client on this machine; the editor shows one word or
phrase per line, and the download is a zip of a lexicon directory that
``python -m coach check --lexicons DIR`` reads, so the CLI agrees with the page.
"""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from coach import Finding
from coach.allowlist import DEFAULT_CLIENT, AllowList, lexicon_entries, slug, sorted_words, write_lexicon

from .message import md_escape

CLIENT, NEW_CLIENT, WORDS_EDITOR = "client", "client_new", "client_words_editor"


def current_client() -> str:
    """Return the client the draft is for (the default client when none was chosen)."""
    return str(st.session_state.get(CLIENT) or DEFAULT_CLIENT)


def client_words(client: str | None = None) -> tuple[str, ...]:
    """Return the words the client knows, as saved."""
    return tuple(AllowList().words(client or current_client()))


def knows_word(finding: Finding) -> None:
    """Add a finding's flagged text to the current client's allow list (a button callback)."""
    word = " ".join(finding.text.split())
    AllowList().add(current_client(), word)
    st.session_state[WORDS_EDITOR] = "\n".join(client_words())
    st.session_state["notice"] = ("info", f"Added \u201c{word}\u201d to the words {current_client()} knows.")


def _add_client() -> None:
    name = " ".join(str(st.session_state.get(NEW_CLIENT) or "").split())
    if name:
        st.session_state[CLIENT] = name
        st.session_state[NEW_CLIENT] = ""
        st.session_state[WORDS_EDITOR] = "\n".join(client_words(name))


def _client_changed() -> None:
    st.session_state[WORDS_EDITOR] = "\n".join(client_words())


def _save_words() -> None:
    words = str(st.session_state.get(WORDS_EDITOR) or "").splitlines()
    kept = AllowList().set_words(current_client(), words)
    st.session_state[WORDS_EDITOR] = "\n".join(kept)


def export_zip(client: str, words: tuple[str, ...]) -> bytes:
    """Return a zip holding one lexicon directory (<client>/allow.yml) for --lexicons."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_lexicon(Path(tmp) / f"allow-{slug(client)}", client, words)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(folder / "allow.yml", f"{folder.name}/allow.yml")
    return buffer.getvalue()


def render_client_picker() -> str:
    """Show who the email is for and the words that client knows; return the client."""
    clients = AllowList().clients()
    chosen = current_client()
    if chosen not in clients:
        clients.append(chosen)
    if st.session_state.get(CLIENT) not in clients:
        st.session_state[CLIENT] = chosen
    st.selectbox(
        "Client",
        clients,
        key=CLIENT,
        on_change=_client_changed,
        help="Words a client knows (their own systems, their trade) are never flagged as jargon for them.",
    )
    client = current_client()
    words = client_words(client)
    title = "Words every client knows" if client == DEFAULT_CLIENT else f"Words {md_escape(client)} knows"
    with st.expander(f"{title} ({len(words)})"):
        if WORDS_EDITOR not in st.session_state:
            st.session_state[WORDS_EDITOR] = "\n".join(words)
        st.text_area(
            "One word or phrase per line",
            key=WORDS_EDITOR,
            height=120,
            help="Never flagged as jargon in drafts for this client. Kept on this machine only.",
        )
        st.button("Save the word list", key="client_words_save", on_click=_save_words)
        st.text_input("Add a client", key=NEW_CLIENT, placeholder="e.g. Dr Patel's clinic", on_change=_add_client)
        if words and lexicon_entries(client, words):
            st.download_button(
                "Export as a lexicon folder (.zip)",
                data=export_zip(client, words),
                file_name=f"allow-{slug(client)}.zip",
                mime="application/zip",
                key="client_words_export",
                on_click="ignore",
                help="Unzip it and pass the folder to python -m coach check --lexicons FOLDER.",
            )
            st.caption(md_escape(f"{len(sorted_words(words))} words · saved on this machine."))
    return client
