"""Reading and writing the small TOML files of calibration and scenarios.

Reading goes through :func:`read_toml` (one line naming the file for any problem);
writing through :func:`dumps` (flat tables, arrays of tables, scalars, lists and
inline tables: all these files need) and :func:`write_atomic` (a temporary name
renamed into place, so a file is never half written).
"""

from __future__ import annotations

import math
import os
import secrets
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from teamsim.calibration import CalibrationError


def read_toml(path: str | Path, what: str, error: type[Exception] = CalibrationError) -> dict:
    """The parsed TOML file at ``path``; ``error`` with one line if it is missing or bad."""
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{what} {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as err:
        raise error(f"{what} {path} cannot be read: {err}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(f"{what} {path} is not valid TOML: {err}") from None


def value(v: Any) -> str:
    """One TOML value: bool, int, float (exact round trip), str, list or inline table."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        escaped = v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def key(k: str) -> str:
    bare = k and all(c.isalnum() or c in "_-" for c in k)
    return k if bare else value(k)


def table(name: str, rows: Mapping[str, Any], array: bool = False) -> str:
    """``[name]`` (or ``[[name]]``) with one ``key = value`` line per row."""
    head = f"[[{name}]]" if array else f"[{name}]"
    return "\n".join([head, *(f"{key(k)} = {value(v)}" for k, v in rows.items())]) + "\n"


def write_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary sibling renamed into place."""
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.parent / f".{path.name}.partial-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
