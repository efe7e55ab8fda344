"""A web page saved as one file (MHTML: Chrome's and Edge's "Webpage, single file",
Internet Explorer's ``.mht``): the page is the first HTML part of a MIME message,
usually quoted-printable (``=E6=94=BF`` for 政), beside its images and styles.
The standard library's email parser reads it; this module only finds the page.
"""

from __future__ import annotations

import email
import email.policy
import re

# A MIME message begins with header lines; a saved page names its multipart type in
# the first few of them.
_MIME_HEAD = re.compile(rb"\A(?:[\w-]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*){1,30}", re.ASCII)
_MULTIPART = re.compile(rb"^content-type:\s*multipart/related", re.IGNORECASE | re.MULTILINE)


def looks_like_mhtml(data: bytes) -> bool:
    head = _MIME_HEAD.match(data[:8192])
    return head is not None and _MULTIPART.search(head.group()) is not None


def page_of_mhtml(data: bytes) -> tuple[bytes, str | None] | None:
    """The bytes of the saved page, decoded from its transfer encoding, and the
    charset its part declares (None when it declares none); None when the message
    holds no HTML part."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() in ("text/html", "application/xhtml+xml"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset()
    return None
