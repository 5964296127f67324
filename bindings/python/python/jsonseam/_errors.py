"""Exceptions raised by jsonseam, with the fields of the core's errors.

The native module creates these exceptions; their text and fields come from the core.
``feedback()`` only rewords those fields for a retry prompt.
"""

from __future__ import annotations

import json
import re
from typing import Any, List, Optional, Union

PathSegment = Union[str, int]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

# The lead sentence of `RejectionError.feedback()` for each rejection kind.
_REJECTION_PROBLEMS = {
    "syntax": "The output is not valid JSON",
    "invalid_utf8": "The output contains a byte that is not valid UTF-8",
    "schema": "The JSON does not match the schema",
    "truncated": "The output ended before the JSON document was complete",
    "depth_limit": "The JSON nests too deeply",
    "string_limit": "A string in the JSON is too long",
    "number_limit": "A number in the JSON has too many digits",
    "size_limit": "The output is too long",
    "buffer_limit": "A value in the JSON is too long",
    "whitespace_limit": "The output has too long a run of whitespace",
    "repair_limit": "The JSON needs too many syntax repairs",
}


def format_location(path: List[PathSegment]) -> str:
    """Return a path in JSONPath notation, such as ``$.items[0].name``, for a message."""
    if not path:
        return "`$` (the top-level value)"
    text = "$"
    for segment in path:
        if isinstance(segment, int):
            text += f"[{segment}]"
        elif _IDENTIFIER.match(segment):
            text += f".{segment}"
        else:
            text += f"[{json.dumps(segment, ensure_ascii=False)}]"
    return f"`{text}`"


class SchemaError(ValueError):
    """A schema that cannot be compiled.

    ``kind`` is the core's category (``unsupported_keyword``, ``invalid_keyword``,
    ``invalid_pattern``, ``pattern_too_large``, ``unresolved_reference``,
    ``reference_cycle``, ``depth_limit``), or ``invalid_json`` for a schema argument that is
    not JSON. ``schema_path`` is the JSON Pointer of the offending keyword and ``message``
    the reason without it. No instance was read, so ``offset``, ``expected`` and ``found``
    are ``None`` and ``instance_path`` is empty.
    """

    kind: str
    schema_path: str
    message: str
    offset: Optional[int]
    instance_path: List[PathSegment]
    expected: Optional[str]
    found: Optional[str]

    def __init__(self, display: str, kind: str, schema_path: str, message: str) -> None:
        super().__init__(display)
        self.kind = kind
        self.schema_path = schema_path
        self.message = message
        self.offset = None
        self.instance_path = []
        self.expected = None
        self.found = None

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self.kind, self.schema_path, self.message))

    def feedback(self) -> str:
        """Return a message for the author of the schema, such as a model that writes tool
        definitions."""
        where = self.schema_path or "the schema root"
        return f"The JSON Schema is invalid at {where}: {self.message}."


class RejectionError(ValueError):
    """Input from which no valid document can follow, and where that became certain.

    ``offset`` is the first byte (counted in UTF-8 bytes) after which no valid document can
    follow; for ``kind == "truncated"`` it is the input's length. ``instance_path`` lists
    the keys (``str``) and array indexes (``int``) from the root to the value at fault, and
    ``instance_pointer`` is the same location as the core's JSON Pointer. ``schema_path`` is
    the JSON Pointer of the keyword that decided, empty when no keyword did.
    ``str(error)`` is the core's one-line message.
    """

    kind: str
    offset: int
    instance_path: List[PathSegment]
    instance_pointer: str
    schema_path: str
    expected: str
    found: str

    def __init__(
        self,
        message: str,
        kind: str,
        offset: int,
        instance_path: List[PathSegment],
        schema_path: str,
        expected: str,
        found: str,
        instance_pointer: str,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.offset = offset
        self.instance_path = instance_path
        self.schema_path = schema_path
        self.expected = expected
        self.found = found
        self.instance_pointer = instance_pointer

    def __reduce__(self) -> Any:
        arguments = (
            str(self),
            self.kind,
            self.offset,
            self.instance_path,
            self.schema_path,
            self.expected,
            self.found,
            self.instance_pointer,
        )
        return (type(self), arguments)

    def feedback(self) -> str:
        """Return a short message to send back to the model in a retry prompt: what was
        wrong, where, and what was expected."""
        if self.kind == "no_json":
            return "The output contains no JSON value. Reply with a JSON document that matches the schema."
        problem = _REJECTION_PROBLEMS.get(self.kind, "The output was rejected")
        where = format_location(self.instance_path)
        if self.kind == "duplicate_key":
            # The core's `expected` names the option that accepts repeats, which is no
            # advice for the model.
            return f"The object at {where} repeats a key: found {self.found}. Use each key once."
        if self.kind == "truncated":
            return f"{problem}: it stopped inside {where}, where {self.expected} was expected."
        return f"{problem} at {where}: expected {self.expected}, found {self.found}."


# Tracebacks and pickles name the classes where users import them from.
SchemaError.__module__ = "jsonseam"
RejectionError.__module__ = "jsonseam"
