"""One codec for the records kept as JSON: GenerationParams, Message and what they hold.

The export file, the settings file and the store's JSON columns all read
and write these records through :func:`encode` and :func:`decode`, so they
share one tolerance policy:

- a key the record does not know is ignored (a file from a newer version
  still reads);
- a missing key takes the field's default, and so does ``null`` for a field
  that cannot be null but has a default (``"tool_calls": null`` is no
  calls); a missing required field is refused (:class:`MissingFieldError`);
- a value of the wrong type is refused with the field's name
  (:class:`FieldError`), never kept as it is: SQLite or the next request
  would fail later with no reason. Two widenings only: a number where text
  belongs (an id written as ``7``) and an int where a float belongs. NaN
  reads as 0 (SQLite would store it as NULL).

What to do with a refusal is the caller's: an import refuses the file with
the sentence, the settings file falls back to the defaults.

Adding a field to one of these dataclasses needs no line here: the codec
reads the dataclass's own fields and their types.
"""

from __future__ import annotations

import math
import types
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


class FieldError(ValueError):
    """A value of the wrong type; the message names the field."""

    def __init__(self, name: str, should: str) -> None:
        self.field = name
        super().__init__(f"the field {name!r} should be {should}")

    def __str__(self) -> str:
        return str(self.args[0])


class MissingFieldError(FieldError):
    """A field without a default is not there."""

    def __init__(self, name: str) -> None:
        super().__init__(name, "present")
        self.args = (f"the field {name!r} is missing",)


def encode(value: Any) -> Any:
    """A record (or a value inside one) as JSON-ready data: dicts, lists, text, numbers."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    return value


def decode(cls: type[T], raw: Any, *, required: tuple[str, ...] = ()) -> T:
    """``raw`` (parsed JSON) as a ``cls`` record, under the policy above.

    ``required`` names fields a format insists on although the record has a
    default for them (an export's timestamps: "now" would be a lie).
    """
    if isinstance(raw, Mapping):
        for name in required:
            if name not in raw:
                raise MissingFieldError(name)
    record: T = _record(cls, raw, cls.__name__)
    return record


def decode_many(cls: type[T], raw: Any, name: str) -> tuple[T, ...]:
    """A JSON array of ``cls`` records (``name`` is the field that holds it)."""
    result: tuple[T, ...] = _value(tuple[cls, ...], raw, name)  # type: ignore[valid-type]
    return result


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return get_type_hints(cls)


def _record(cls: Any, raw: Any, name: str) -> Any:
    if not isinstance(raw, Mapping):
        raise FieldError(name, "an object")
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in fields(cls):
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        value = raw.get(f.name)
        if value is None and has_default and not _nullable(hints[f.name]):
            continue  # absent, or null where null cannot be kept: the default
        if f.name in raw:
            values[f.name] = _value(hints[f.name], value, f.name)
        elif not has_default:
            raise MissingFieldError(f.name)
    return cls(**values)


def _nullable(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType) and type(None) in get_args(tp)


def _value(tp: Any, value: Any, name: str) -> Any:
    origin, args = get_origin(tp), get_args(tp)
    if origin is Union or origin is types.UnionType:
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _value(inner, value, name)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise FieldError(name, "a list")
        return tuple(_value(args[0], v, name) for v in value)
    if isinstance(tp, type) and is_dataclass(tp):
        return _record(tp, value, name)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(value)
        except ValueError:
            raise FieldError(name, "one of " + ", ".join(str(m.value) for m in tp)) from None
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if tp is bool:
        if isinstance(value, bool):
            return value
        raise FieldError(name, "true or false")
    if tp is int:
        if number and isinstance(value, int):
            return value
        raise FieldError(name, "a whole number")
    if tp is float:
        if number:
            return 0.0 if math.isnan(value) else float(value)
        raise FieldError(name, "a number")
    if tp is str:
        if isinstance(value, str):
            return value
        if number:
            return str(value)
        raise FieldError(name, "text")
    raise TypeError(f"no codec for {tp!r} (field {name!r})")
