"""Scoring against gold sets (placeholder until issue 3 lands the scorers)."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..settings import Settings


def evaluate_sets(paths: list[str], settings: Settings, limit: int | None = None) -> dict[str, Any]:
    raise InputError("evaluation is not implemented yet", "it lands with issue 3")


def render_report(results: dict[str, Any], console: Any) -> None:
    return None
