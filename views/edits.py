"""The coaching page's draft state: the draft, its first draft, undo and redo, dismissed and ignored findings.

Plain functions over a mutable mapping (st.session_state on the page, a dict
in tests). Every change the coach makes to the draft (Apply, Apply all, the
suggested revision, an example, an opened file, Start over) goes through
``change_draft``, which keeps the state before it on the undo stack; typing is
the text area's own (its native undo). A different email, pasted or typed,
starts a new first draft (views.baseline) and forgets what was dismissed.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from coach import Finding

from .baseline import same_email

DRAFT, FIRST, LAST = "draft", "first_draft", "last_draft"
UNDO, REDO = "undo_stack", "redo_stack"
DISMISSED, IGNORED = "dismissed", "ignored_rules"
MAX_UNDO = 50
State = MutableMapping[str, Any]


def dismiss_key(finding: Finding) -> tuple[str, str]:
    """Return what identifies a dismissed finding across edits: its rule and its text (any case)."""
    return (finding.rule, " ".join(finding.text.split()).casefold())


def _snapshot(state: State) -> dict[str, Any]:
    return {
        DRAFT: state.get(DRAFT) or "",
        FIRST: state.get(FIRST) or "",
        DISMISSED: frozenset(state.get(DISMISSED) or ()),
        IGNORED: frozenset(state.get(IGNORED) or ()),
    }


def _restore(state: State, snap: dict[str, Any]) -> None:
    state[DRAFT] = state[LAST] = snap[DRAFT]
    state[FIRST] = snap[FIRST]
    state[DISMISSED] = set(snap[DISMISSED])
    state[IGNORED] = set(snap[IGNORED])


def _forget_choices(state: State) -> None:
    state[DISMISSED] = set()
    state[IGNORED] = set()


def change_draft(state: State, text: str, *, new_email: bool = False) -> None:
    """Replace the draft, keeping the state before on the undo stack; new_email also starts a new first draft."""
    before = _snapshot(state)
    if before[DRAFT] == text and not new_email:
        return
    undo = list(state.get(UNDO) or [])
    undo.append(before)
    state[UNDO] = undo[-MAX_UNDO:]
    state[REDO] = []
    state[DRAFT] = state[LAST] = text
    if new_email or not state.get(FIRST):
        state[FIRST] = text
        _forget_choices(state)


def can_undo(state: State) -> bool:
    """Return whether there is a change to undo."""
    return bool(state.get(UNDO))


def can_redo(state: State) -> bool:
    """Return whether there is an undone change to redo."""
    return bool(state.get(REDO))


def undo(state: State) -> bool:
    """Restore the state before the last change (moving the current one to redo); return whether it did."""
    stack = list(state.get(UNDO) or [])
    if not stack:
        return False
    state[REDO] = [*(state.get(REDO) or []), _snapshot(state)]
    _restore(state, stack.pop())
    state[UNDO] = stack
    return True


def redo(state: State) -> bool:
    """Put back the last undone change; return whether there was one."""
    stack = list(state.get(REDO) or [])
    if not stack:
        return False
    state[UNDO] = [*(state.get(UNDO) or []), _snapshot(state)][-MAX_UNDO:]
    _restore(state, stack.pop())
    state[REDO] = stack
    return True


def track_first_draft(state: State, text: str) -> str:
    """Return the first draft of the email being written, starting a new one when text is a different email."""
    first = state.get(FIRST) or ""
    last = state.get(LAST) or first
    if text != last:
        if not first or not (same_email(last, text) or same_email(first, text)):
            state[FIRST] = first = text
            _forget_choices(state)
        state[LAST] = text
    elif not first:
        state[FIRST] = first = text
    return first


def dismiss(state: State, finding: Finding) -> None:
    """Hide a finding for this draft (undoable)."""
    _push_choice(state)
    state[DISMISSED] = {*(state.get(DISMISSED) or ()), dismiss_key(finding)}


def ignore_rule(state: State, rule: str) -> None:
    """Stop checking a rule for this draft (undoable)."""
    _push_choice(state)
    state[IGNORED] = {*(state.get(IGNORED) or ()), rule}


def restore_choices(state: State) -> None:
    """Show every dismissed finding and ignored rule again (undoable)."""
    _push_choice(state)
    _forget_choices(state)


def _push_choice(state: State) -> None:
    undo_stack = list(state.get(UNDO) or [])
    undo_stack.append(_snapshot(state))
    state[UNDO] = undo_stack[-MAX_UNDO:]
    state[REDO] = []


def visible(findings: tuple[Finding, ...], state: State) -> tuple[Finding, ...]:
    """Return the findings not dismissed for this draft."""
    hidden = state.get(DISMISSED) or set()
    return tuple(f for f in findings if dismiss_key(f) not in hidden)
