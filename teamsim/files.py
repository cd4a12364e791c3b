"""The files a user names: one reader of TOML files and one check of where output goes.

Every command that reads a scenario, experiment, chain or story file reads it with
:func:`read_toml`; every command that writes checks the place first with
:func:`check_output`, before anything is simulated. Both turn what the operating
system says (no such file, a directory, no permission, a read-only disk, bytes
that are not UTF-8) into one :class:`~teamsim.errors.TeamsimError` line.
"""

from __future__ import annotations

import codecs
import errno
import os
import secrets
import stat
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from teamsim.errors import TeamsimError

ErrorType = type[TeamsimError]

# ---- reading ----------------------------------------------------------------------------
# Marks of encodings other than UTF-8 (UTF-32 first: its little-endian mark starts with
# UTF-16's).
_FOREIGN_MARKS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                  (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def read_toml(path: str | Path, kind: str, error: ErrorType) -> tuple[dict[str, Any], str]:
    """Read the ``kind`` file (``"scenario"``, ``"experiment"``, ...) at ``path``.

    Returns:
        The parsed tables and the file's text.

    Raises:
        error: the path does not exist, is a directory, cannot be read, is not
            UTF-8 text or not TOML; one line naming the file.
    """
    label = f"{kind} file {path}"
    try:
        raw = Path(path).expanduser().read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise error(f"{label} does not exist") from None
    except IsADirectoryError:
        raise error(f"{label} is a directory: give the path of a .toml file") from None
    except ValueError:  # a NUL byte in the name
        raise error(f"{label}: not a possible file name") from None
    except OSError as err:
        raise error(f"{label} cannot be read: {_reason(err)}") from None
    text = decode(raw, label, error)
    return parse_toml(text, label, error), text


def decode(raw: bytes, label: str, error: ErrorType) -> str:
    """The text of a file's bytes: UTF-8, with or without the byte-order mark."""
    raw = raw.removeprefix(codecs.BOM_UTF8)  # Windows editors write one; it is not text
    for mark, encoding in _FOREIGN_MARKS:
        if raw.startswith(mark):
            raise error(f"{label} is {encoding} text (it starts with a {encoding} byte-order "
                        "mark): save it as UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise error(f"{label} is not UTF-8 text (byte 0x{raw[err.start]:02x} at position "
                    f"{err.start:,}): save it as UTF-8") from None


def parse_toml(text: str, label: str, error: ErrorType) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(f"{label} is not valid TOML: {err}") from None
    except RecursionError:
        raise error(f"{label} is not valid TOML: it nests too deeply") from None


# ---- types of keys ----------------------------------------------------------------------
Expect = tuple[Callable[[Any], bool], str]
"""A type a key must have: a test of the value and how to name it in a message."""

TEXT: Expect = (lambda v: isinstance(v, str), "a text in quotes")
WHOLE: Expect = (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number")
BOOL: Expect = (lambda v: isinstance(v, bool), "true or false")
TEXTS: Expect = (lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
                 "a list of texts in quotes")


def check_types(table: Mapping[str, Any], expected: Mapping[str, Expect], where: str,
                error: ErrorType) -> None:
    """Each key of ``table`` named in ``expected`` must have its type (``where``: e.g.
    ``scenario file x.toml: [scenario]``)."""
    for key, value in table.items():
        if key in expected and not expected[key][0](value):
            raise error(f"{where}: '{key}' = {show(value)} is not allowed: expected "
                        f"{expected[key][1]}")


def show(value: Any) -> str:
    """A value as TOML writes it, cut short if long."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "[" + ", ".join(show(v) for v in value) + "]"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---- where output goes ------------------------------------------------------------------
def check_output(path: str | Path, *, what: str, error: ErrorType, is_file: bool = False,
                 existing: Callable[[Path], None] | None = None) -> Path:
    """Check that a command can write ``path`` (a folder, or a file with ``is_file``).

    Checks, without changing anything: the kind of what is there; that the folders
    above exist as folders or can be made; that the folder where new files go
    (and an existing target folder) accepts a file: one is created and removed,
    so permissions, read-only disks and the like all show up here. Then
    ``existing`` is called with an existing folder that is not empty and raises if
    the command may not use what is there.

    Returns:
        The path, with ``~`` expanded.

    Raises:
        error: one line naming ``what`` (e.g. "results folder"), the path and the problem.
    """
    target = Path(path).expanduser()
    mode = _mode(target, target, what, error)
    if mode is not None and stat.S_ISDIR(mode) and is_file:
        raise error(f"{what} {target} is a directory: give a file name")
    if mode is not None and not stat.S_ISDIR(mode) and not is_file:
        raise error(f"{what} {target} is a file: give a folder")
    _probe(_nearest_folder(target, what, error), target, what, error)
    if mode is None or is_file:  # a file named is replaced, as a shell's > would
        return target
    _probe(target, target, what, error)
    if existing is not None and _entries(target, what, error):
        existing(target)
    return target


def _mode(path: Path, target: Path, what: str, error: ErrorType) -> int | None:
    """The stat mode of ``path``, None if nothing is there."""
    try:
        return path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except ValueError:  # a NUL byte in the name
        raise error(f"{what} {target}: not a possible file name") from None
    except OSError as err:
        raise error(f"{what} {target}: cannot look into {_closed_folder(path)} "
                    f"({_reason(err)}): choose another place") from None


def _nearest_folder(target: Path, what: str, error: ErrorType) -> Path:
    """The nearest existing folder above ``target`` (where new folders would be made)."""
    for parent in target.parents:
        mode = _mode(parent, target, what, error)
        if mode is None:
            continue
        if not stat.S_ISDIR(mode):
            raise error(f"{what} {target}: {parent} is a file")
        return parent
    return Path(target.anchor or ".")


def _closed_folder(path: Path) -> Path:
    """The folder above ``path`` that does not let us look inside it."""
    for inner in (*reversed(path.parents), path):
        try:
            inner.stat()
        except (FileNotFoundError, NotADirectoryError):
            break
        except OSError:
            return inner.parent
    return path.parent


def _probe(folder: Path, target: Path, what: str, error: ErrorType) -> None:
    """Create and remove a file in ``folder``: the one sure test that it can be written."""
    probe = folder / f".teamsim-write-test-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        handle = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as err:
        raise error(f"{what} {target}: cannot write in {folder} ({_reason(err)}): choose "
                    "another place") from None
    os.close(handle)
    os.unlink(probe)


def _entries(folder: Path, what: str, error: ErrorType) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError as err:
        raise error(f"{what} {folder}: cannot list it ({_reason(err)})") from None


def _reason(err: OSError) -> str:
    reasons = {errno.EACCES: "permission denied", errno.EPERM: "permission denied",
               errno.EROFS: "read-only file system", errno.ENOSPC: "no space left on device"}
    return reasons.get(err.errno, err.strerror or type(err).__name__)
