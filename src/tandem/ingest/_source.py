"""Opening exports (plain files, ``.zip`` archives, folders), with one clear error if unreadable."""

from __future__ import annotations

import codecs
import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tandem.errors import ParseError

HEAD_BYTES = 64 * 1024
"""How much of a file format detection looks at."""

_TEXT_SUFFIXES = (".txt", ".json", ".jsonl", ".csv", ".md")


@dataclass(frozen=True, slots=True)
class Source:
    """A readable export: a file, or one member of a ``.zip`` archive.

    Attributes
    ----------
    path : Path
        The file the user named.
    member : str or None
        The archive member read, for a ``.zip``.
    """

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        """Name used in messages (no directories, so reports do not leak paths)."""
        return f"{self.path.name}:{self.member}" if self.member else self.path.name

    @property
    def inner_name(self) -> str:
        """File name of what is actually read (the archive member for a zip)."""
        return Path(self.member).name if self.member else self.path.name

    @contextmanager
    def open_binary(self) -> Iterator[IO[bytes]]:
        """Open the raw bytes."""
        if self.member is None:
            with self.path.open("rb") as handle:
                yield handle
        else:
            try:
                with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
                    yield handle
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
                if isinstance(error, FileNotFoundError | PermissionError):
                    raise
                raise ParseError(f"damaged zip archive ({error})", where=self.name) from None

    @contextmanager
    def open_text(self) -> Iterator[IO[str]]:
        """Open as text (UTF-8, or UTF-16 when it starts with a UTF-16 byte-order mark)."""
        with self.open_binary() as raw:
            start = raw.read(4)
            encoding = "utf-8-sig"
            if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                encoding = "utf-16"
            buffer = io.BufferedReader(_Prefixed(start, raw))
            yield io.TextIOWrapper(buffer, encoding=encoding, errors="strict", newline=None)

    def numbered_lines(self) -> Iterator[tuple[int, str]]:
        """Yield ``(line number, line)`` from 1, newline removed; bad bytes name their line."""
        number = 0
        with self.open_text() as handle:
            iterator = iter(handle)
            while True:
                try:
                    line = next(iterator)
                except StopIteration:
                    return
                except UnicodeDecodeError as error:
                    raise decode_error(self, error, number + 1) from None
                number += 1
                yield number, line.rstrip("\n")

    def head(self) -> str:
        """The first :data:`HEAD_BYTES` decoded leniently (for format detection only)."""
        with self.open_binary() as raw:
            data = raw.read(HEAD_BYTES)
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16", errors="replace")
        if b"\x00" in data:
            raise ParseError("binary file, not a chat export", where=self.name)
        return data.decode("utf-8-sig", errors="replace")

    def read_text(self) -> str:
        """The whole text, strictly decoded."""
        with self.open_text() as handle:
            try:
                return handle.read()
            except UnicodeDecodeError as error:
                raise decode_error(self, error, None) from None

    def read_json(self) -> Any:
        """Parse the whole file as JSON, reporting line and column of a syntax error."""
        text = self.read_text()
        if not text.strip():
            raise ParseError("empty file", where=self.name)
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ParseError(
                f"not valid JSON ({error.msg})", where=f"{self.name}, line {error.lineno}"
            ) from None
        except RecursionError:
            raise ParseError("JSON nested too deeply", where=self.name) from None


class _Prefixed(io.RawIOBase):
    """A raw stream that first replays bytes already read for sniffing."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        try:
            data = self._rest.read(len(view))
        except (zipfile.BadZipFile, EOFError) as error:
            raise ParseError(f"damaged zip archive ({error})") from None
        n = len(data)
        view[:n] = data
        return n


def _decode_error(source: Source, error: UnicodeDecodeError, line: int | None) -> ParseError:
    bad = error.object[error.start : error.start + 1].hex()
    where = f"{source.name}, line {line}" if line is not None else source.name
    return ParseError(
        f"not UTF-8 text (byte 0x{bad}); export the chat again or save the file as UTF-8",
        where=where,
    )


def decode_error(source: Source, error: UnicodeDecodeError, line: int | None) -> ParseError:
    """The error for a file that is not valid UTF-8, naming the line of the first bad byte.

    Text is decoded in chunks, so the line a reader had reached can be before the bad byte;
    the file is scanned again (only on this error path) to name the right line.
    """
    with source.open_binary() as raw:
        data = raw.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as found:
        return _decode_error(source, found, data.count(b"\n", 0, found.start) + 1)
    return _decode_error(source, error, line)


def open_source(path: Path) -> Source:
    """Resolve what to read: the file itself, or the chat file inside a ``.zip``.

    Raises
    ------
    FileNotFoundError
        The path does not exist.
    ParseError
        An empty file, or a zip holding no chat file.
    """
    if path.is_dir():
        return Source(path)
    size = path.stat().st_size
    if size == 0:
        raise ParseError("empty file", where=path.name)
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != b"PK\x03\x04" and path.suffix.lower() != ".zip":
        return Source(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = [i.filename for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise ParseError(f"damaged zip archive ({error})", where=path.name) from None
    candidates = [n for n in names if n.lower().endswith(_TEXT_SUFFIXES)]
    if not candidates:
        raise ParseError("zip archive holds no chat text (.txt/.json) file", where=path.name)

    def rank(name: str) -> tuple[int, int, str]:
        low = Path(name).name.lower()
        chatty = "chat" in low or low.startswith(("whatsapp", "message_", "result"))
        return (0 if chatty else 1, name.count("/"), name)

    return Source(path, member=min(candidates, key=rank))
