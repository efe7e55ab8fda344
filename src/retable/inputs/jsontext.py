"""The text of a JSON document: crawls keep API responses and scraped records as JSON.

A report fetched from a site's API arrives as ``{"data": {"title": …, "content":
"<table>…"}}``, with quotes, line breaks and often every Chinese character escaped
(``\\u89c4\\u7ae0``). Its strings of text, in document order, are the report; ids, file
names and the like are left out. Document parsers (unstructured and the like) write a
list of elements, a table both as plain text and as HTML: the plain copy, which has
lost the table's cells, is left out.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

from ..lexical import CJK

_TAG = re.compile(r"<[^>]*>")
_TABLE_TAG = re.compile(r"<table", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_JSON_START = re.compile(r"\s*[{\[]")


def json_strings(text: str) -> str | None:
    """The string values of ``text`` if it is one JSON object or array, a paragraph
    each in document order; None when it is not JSON or holds no text."""
    if _JSON_START.match(text) is None:  # not text.lstrip(): that copies a 64 MB input
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    items = value if isinstance(value, list) else [value]
    joined = "\n\n".join(s for item in items for s in _element_strings(item) if _content(s))
    return joined or None


def _content(text: str) -> bool:
    """Text of the report (Chinese, or markup holding it), not an id, a file name, a
    language code or a type name, whose digits would stray into a table's rows."""
    return CJK.search(text) is not None or ("<" in text and ">" in text)


def _element_strings(item: object) -> list[str]:
    """The strings of one element, less the plain copies of a table it also has as HTML."""
    strings = list(_strings(item))
    markup = [s for s in strings if _TABLE_TAG.search(s)]
    if not markup:
        return strings
    tables = {_compact(_TAG.sub("", html.unescape(s))) for s in markup}
    return [s for s in strings if s in markup or _compact(s) not in tables]


def _compact(text: str) -> str:
    return _SPACE.sub("", text)


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
