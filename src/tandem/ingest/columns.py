"""Column names of the message table every output format shares.

Examples
--------
>>> COLUMNS
('sender', 'partner', 'timestamp', 'kind', 'text', 'platform')
"""

from __future__ import annotations

SENDER = "sender"
"""Display name of whoever sent the message (empty for system lines without a sender)."""
PARTNER = "partner"
"""``A`` or ``B``; empty for system lines and people outside the couple."""
TIMESTAMP = "timestamp"
"""ISO 8601 time, with an offset where the export says the zone; empty when unknown."""
KIND = "kind"
"""A :class:`tandem.domain.MessageKind` value."""
TEXT = "text"
"""The body, line breaks kept."""
PLATFORM = "platform"
"""A :class:`tandem.domain.Platform` value."""

COLUMNS: tuple[str, ...] = (SENDER, PARTNER, TIMESTAMP, KIND, TEXT, PLATFORM)
"""Every column, in table order."""
