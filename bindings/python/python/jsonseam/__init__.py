"""Streaming JSON Schema validation for language-model output.

A `Validator` compiles a JSON Schema once. Feed it a model's output whole
(`Validator.validate`), chunk by chunk (`Validator.stream`), or from an iterator of text
deltas (`Validator.consume`): it strips the text around the JSON, makes the syntax repairs
that keep the meaning, and raises `RejectionError` at the first byte from which no valid
document can follow.
"""

from ._errors import RejectionError, SchemaError
from ._jsonseam import Result, Stream, Validator, __version__

__all__ = ["RejectionError", "Result", "SchemaError", "Stream", "Validator", "__version__"]
