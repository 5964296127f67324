from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Type, TypedDict, TypeVar, Union

__version__: str

Input = Union[str, bytes, bytearray]
PathSegment = Union[str, int]
RepairMode = Literal["none", "lossless", "lossy"]
Draft = Literal["4", "6", "7", "2019-09", "2020-12"]
SchemaInput = Union[Mapping[str, Any], bool, str, bytes, bytearray]
Status = Literal["valid", "repaired", "truncated"]

Repair = TypedDict(
    "Repair",
    {"kind": str, "class": Literal["lossless", "lossy"], "offset": int, "original": str, "written": str},
)

class Stripped(TypedDict):
    start: int
    end: int
    kind: str

class Options(TypedDict):
    repair: RepairMode
    extract: bool
    max_depth: int
    max_bytes: Optional[int]
    allow_duplicate_keys: bool
    allow_non_finite: bool
    unknown_keywords: bool
    max_string_bytes: int
    max_number_bytes: int
    max_buffered_bytes: int
    max_candidates: int
    max_pattern_bytes: int
    max_repairs: int
    max_whitespace_run: int
    extract_window: int
    draft: Optional[Draft]
    format_assertion: bool
    resources: Optional[Dict[str, Any]]

_Model = TypeVar("_Model")

class SchemaError(ValueError):
    """A schema that cannot be compiled."""

    kind: str
    schema_path: str
    message: str
    offset: None
    instance_path: List[PathSegment]
    expected: None
    found: None
    def __init__(self, display: str, kind: str, schema_path: str, message: str) -> None: ...
    def feedback(self) -> str: ...

class RejectionError(ValueError):
    """Input from which no valid document can follow."""

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
    ) -> None: ...
    def feedback(self) -> str: ...

class Result:
    """A document that satisfied the schema."""

    @property
    def value(self) -> Any: ...
    @property
    def text(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def repairs(self) -> List[Repair]: ...
    @property
    def stripped(self) -> List[Stripped]: ...
    @property
    def bytes(self) -> int: ...
    @property
    def rescanned_bytes(self) -> int: ...
    def parse(self, model: Type[_Model]) -> _Model: ...

class Stream:
    """One document being validated as its chunks arrive."""

    def feed(self, chunk: Input) -> None: ...
    def finish(self) -> Result: ...
    @property
    def partial(self) -> Any:
        """The value accepted so far, or None before a value has begun.

        Every read returns the same root object, updated in place with what arrived since
        the read before, so a read costs time in proportion to that rather than to the
        whole value. Containers stay the same objects, lists and dicts only grow, numbers
        appear once complete, and a key appears once its value has begun. A string that is
        still arriving is replaced in its container by a longer str on each read, so a str
        taken out earlier keeps its old content. With allow_duplicate_keys=True a repeated
        key replaces the value shown before it. After finish() it is Result.value.

        Treat it as read-only: the stream's later updates assume that the objects it built
        are unchanged. Take copy.deepcopy(stream.partial) to keep or modify a snapshot.
        """
        ...
    @property
    def offset(self) -> int: ...
    @property
    def complete(self) -> bool: ...
    @property
    def rejection(self) -> Optional[RejectionError]: ...

class Validator:
    """A JSON Schema compiled once, for validating any number of documents."""

    def __init__(
        self,
        schema: SchemaInput,
        *,
        repair: RepairMode = "lossless",
        extract: bool = True,
        max_depth: int = 128,
        max_bytes: Optional[int] = None,
        allow_duplicate_keys: bool = False,
        allow_non_finite: bool = False,
        unknown_keywords: bool = False,
        max_string_bytes: int = 16777216,
        max_number_bytes: int = 4096,
        max_buffered_bytes: int = 1048576,
        max_candidates: int = 100000,
        max_pattern_bytes: int = 1048576,
        max_repairs: int = 10000,
        max_whitespace_run: int = 65536,
        extract_window: int = 1024,
        draft: Optional[Union[Draft, str]] = None,
        format_assertion: bool = False,
        resources: Optional[Mapping[str, SchemaInput]] = None,
    ) -> None:
        """Compile `schema`. Raises SchemaError when it does not compile.

        `draft` is "4", "6", "7", "2019-09", "2020-12" or the `$schema` URI of one of them.
        None reads the draft from the schema's `$schema`, or 2020-12 without one.
        `resources` maps absolute URIs to the documents that `$ref`s may point at; nothing
        is ever fetched.
        """
        ...
    @classmethod
    def from_pydantic(cls, model: Any, **options: Any) -> "Validator": ...
    def validate(self, document: Input) -> Result: ...
    def is_valid(self, document: Input) -> bool: ...
    def stream(self) -> Stream: ...
    def consume(self, chunks: Iterable[Optional[Input]]) -> Result: ...
    @property
    def unchecked_keywords(self) -> List[str]: ...
    @property
    def options(self) -> Options: ...
