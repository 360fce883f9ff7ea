"""Read input text strictly as UTF-8 (a BOM is accepted), so a mis-encoded file is refused
with the line of the first bad byte instead of loading as mojibake."""

from __future__ import annotations

from pathlib import Path

from graph.errors import InputError, Location

MAX_FILE_BYTES = 256 * 1024 * 1024


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing a missing file, a folder, or one over `limit` bytes."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(Location(str(path)), f"file is {size} bytes; the limit is {limit}")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(Location(str(path)), "no such file") from None
    except IsADirectoryError:
        raise InputError(Location(str(path)), "is a folder, not a file") from None


def read_text(path: Path) -> str:
    return decode_text(read_bytes(path), path)


def decode_text(raw: bytes, path: Path) -> str:
    """`raw` (the bytes of `path`) as text, or an InputError with the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            Location(str(path), line),
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8 (e.g. iconv -f GBK -t UTF-8)",
        ) from None
