"""The exceptions onrecord raises, each with a stable code and a fix-it hint.

    OnrecordError                 E000  base class; ``code``, ``message``, ``hint``
    ├── SettingsError             E100  a setting is unknown or has a bad value
    ├── InputError                E200  an input cannot be read at all (missing path)
    ├── ModelNotInstalled         E300  the spaCy pipeline package is missing
    ├── StoreError                E400  the SQLite store cannot be opened or written
    │   ├── StoreFull             E401  the disk or the store's size limit is full
    │   └── StoreVersionError     E402  the store was written by a newer onrecord
    ├── NotFound                  E404  an id that is not in the store
    ├── QueryError                E500  a search query or filter that cannot run
    ├── StageError                E600  a pipeline stage failed on one document
    └── AccessDenied              E700  the web server refused a request (token, CSRF, host)

Per-document problems (a binary file, a bad encoding, a stage that failed) are
not raised to the user: they become a ``Skip`` recorded in the run summary and
in the store, and the batch carries on. Exceptions are for what stops a command.
"""

from __future__ import annotations


class OnrecordError(Exception):
    """Base class: a message for the user and a hint saying what to do next."""

    code = "E000"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.code})" + (f"\n  hint: {self.hint}" if self.hint else "")

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "hint": self.hint}


class SettingsError(OnrecordError):
    code = "E100"


class InputError(OnrecordError):
    code = "E200"


class ModelNotInstalled(OnrecordError):
    code = "E300"


class StoreError(OnrecordError):
    code = "E400"


class StoreFull(StoreError):
    code = "E401"


class StoreVersionError(StoreError):
    code = "E402"


class NotFound(OnrecordError):
    code = "E404"


class QueryError(OnrecordError):
    code = "E500"


class StageError(OnrecordError):
    code = "E600"

    def __init__(self, stage: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.stage = stage


class AccessDenied(OnrecordError):
    code = "E700"
