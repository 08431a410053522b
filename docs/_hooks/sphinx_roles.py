"""MkDocs hook: show the Sphinx roles of the package's docstrings as code.

The docstrings cross-reference with Sphinx roles (``:class:`Timeout```), which
mkdocstrings renders as literal text. This hook turns each rendered role into
plain inline code, shortening ``~package.module.Name`` to ``Name`` the way
Sphinx does.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(
    r":(?:py:)?(?:class|meth|attr|func|mod|exc|data|obj):<code>([^<]*)</code>"
)


def _code(match: re.Match[str]) -> str:
    target = match.group(1)
    if target.startswith("~"):
        target = target[1:].rsplit(".", 1)[-1]
    return f"<code>{target}</code>"


def on_page_content(html: str, **kwargs: Any) -> str:
    return _ROLE.sub(_code, html)
