"""The ``{checked}`` role: a small check mark beside a claim that a hidden cell of the chapter asserts.

``{checked}`SymPy: each line equals the one before``` renders as a superscript ✓ that is a button: a click, a
tap, or Enter or Space on it opens (and closes) a short note after it, "Checked by code: SymPy: each line equals
the one before". The button says it is collapsed or expanded (``aria-expanded``) and names the note it controls,
so a screen reader announces both; nothing is shown only on hover. ``_static/checked.js`` (Jupyter Book loads every
script in ``_static/``) does the opening, offline, with no kernel. Without JavaScript, and in print (the handouts), every note is shown in full after its ✓.
"""

from __future__ import annotations

import hashlib
from html import escape

from docutils import nodes

#: the words before the explanation, on the site, in print and in the reader notebooks
PREFIX = "Checked by code"


def checked_html(what: str, key: str) -> str:
    """The ✓ button and its note for the text ``what``; ``key`` makes the note's id unique on its page."""
    note_id = "checked-" + hashlib.sha1(key.encode()).hexdigest()[:10]
    text = escape(what, quote=True)
    return (
        f'<span class="checked">'
        f'<sup><button type="button" class="checked-mark" aria-expanded="false" aria-controls="{note_id}">'
        f'<span aria-hidden="true">✓</span><span class="visually-hidden">{PREFIX}</span></button></sup>'
        f'<span class="checked-note" id="{note_id}">{PREFIX}: {text}</span></span>'
    )


def checked_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    what = " ".join(text.split())
    if not what:
        message = inliner.reporter.error("{checked} needs the text of what checks the claim", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    document = inliner.document
    count = getattr(document, "_checked_marks", 0) + 1
    document._checked_marks = count
    key = f"{document.get('source', '')}:{lineno}:{count}:{what}"
    latex = " [checked: " + what.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;") + "]"
    return [nodes.raw(rawtext, checked_html(what, key), format="html"), nodes.raw(rawtext, latex, format="latex")], []


def setup(app):
    app.add_role("checked", checked_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2.0"}
