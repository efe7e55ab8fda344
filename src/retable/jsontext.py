"""The text of a JSON document: crawls keep API responses and scraped records as JSON.

A report fetched from a site's API arrives as ``{"data": {"title": …, "content":
"<table>…"}}``, with quotes, line breaks and often every Chinese character escaped
(``\\u89c4\\u7ae0``). Its strings, in document order, are the report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator


def json_strings(text: str) -> str | None:
    """The string values of ``text`` if it is one JSON object or array, a paragraph
    each in document order; None when it is not JSON or holds no text."""
    if text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    joined = "\n\n".join(s for s in _strings(value) if s.strip())
    return joined or None


def _strings(value: object) -> Iterator[str]:
    """String leaves depth first, without recursion (a deep document cannot overflow)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
