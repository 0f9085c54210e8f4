"""The ``{checked}`` role: a small check mark beside a claim that a hidden cell of the chapter asserts.

``{checked}`SymPy: each line equals the one before``` renders as a superscript ✓ whose text says what
checks the claim: shown on hover and focus (``title``), read by screen readers (a visually hidden span),
and printed in full where there is no hover (print, and the notebook's plain text).
"""

from __future__ import annotations

from docutils import nodes


def checked_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    what = " ".join(text.split())
    if not what:
        message = inliner.reporter.error("{checked} needs the text of what checks the claim", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    escaped = nodes.Text(what).astext().replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    html = (
        f'<sup class="checked-mark" tabindex="0" title="Checked by code: {escaped}">'
        f'<span aria-hidden="true">✓</span><span class="visually-hidden">(checked by code: {escaped})</span></sup>'
    )
    return [nodes.raw(rawtext, html, format="html"), nodes.raw(rawtext, f" [checked: {escaped}]", format="latex")], []


def setup(app):
    app.add_role("checked", checked_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
