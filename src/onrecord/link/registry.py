"""The speaker registry: one canonical speaker per person across the store, with aliases and roles.

- Canonical names: every person-name form in the store's quotes is clustered with the
  resolver's name matcher (:func:`onrecord.quotes.speakers.cluster_names`: transliteration
  variants, a bare surname that is unambiguous, given-name subsets). Organisations and
  groups keep their exact name.
- Corrections: ``merge`` and ``split`` are stored in the ``corrections`` table and
  re-applied, in order, every time the registry is rebuilt, so they survive re-ingest
  and re-linking.
- Aliases: every name form that maps to a speaker (``speaker_aliases``, case-insensitive).
- Roles: the role part of speaker mentions ("Russian Foreign Minister Sergei Lavrov" ->
  "Russian Foreign Minister"), with the first and last dates seen (said_on, else the
  article's publication date).
- :func:`who_held` answers "who was the foreign minister on that date" from those roles,
  for the resolver's descriptions ("the foreign minister").

Quotes whose speaker changes lose their statement (``statement_id`` set to NULL): the
statement linker then re-links them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from ..errors import InputError, NotFound

VERSION = "registry-1"

# How far past the first/last date a role was seen it is still taken to be held, when no
# other holder was seen in between (office terms are long; sightings are sparse).
ROLE_MARGIN_DAYS = 365


def _speakers_mod() -> Any:
    from ..quotes import speakers

    return speakers


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- corrections ---------------------------------------------------------------------


def add_correction(conn: sqlite3.Connection, kind: str, target: str, value: dict[str, Any]) -> int:
    cur = conn.execute(
        "INSERT INTO corrections (kind, target, value_json, created_at) VALUES (?, ?, ?, ?)",
        (kind, target, json.dumps(value, ensure_ascii=False), _now()),
    )
    return int(cur.lastrowid or 0)


def _corrections(conn: sqlite3.Connection) -> list[tuple[str, dict[str, Any]]]:
    return [
        (kind, json.loads(value))
        for kind, value in conn.execute(
            "SELECT kind, value_json FROM corrections WHERE kind IN ('speaker_merge', 'speaker_split') ORDER BY id"
        )
    ]


def _apply_corrections(mapping: dict[str, str], corrections: list[tuple[str, dict[str, Any]]]) -> None:
    """Rewrite ``mapping`` (name form -> canonical) by the user's merges and splits, in order."""
    for kind, value in corrections:
        if kind == "speaker_merge":
            names = value["names"]
            keep = mapping.get(names[0], names[0])
            gone = {mapping.get(n, n) for n in names[1:]} | {n.casefold() for n in names[1:]}
            for form, canon in list(mapping.items()):
                if canon in gone or form.casefold() in gone:
                    mapping[form] = keep
        elif kind == "speaker_split":
            aliases = {a.casefold() for a in value["aliases"]}
            new_name = value["aliases"][0]
            for form in list(mapping):
                if form.casefold() in aliases:
                    mapping[form] = new_name


def _resolve_name(conn: sqlite3.Connection, name: str) -> tuple[int, str]:
    row = conn.execute(
        "SELECT s.id, s.name FROM speakers s WHERE s.name = ? COLLATE NOCASE "
        "UNION ALL SELECT s.id, s.name FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id WHERE a.alias = ? "
        "LIMIT 1",
        (name, name),
    ).fetchone()
    if row is None:
        raise NotFound(f"no speaker named {name!r} in the store", "list them with: onrecord speakers")
    return int(row[0]), str(row[1])


def merge_speakers(conn: sqlite3.Connection, names: list[str]) -> dict[str, Any]:
    """Record that ``names`` are one speaker (the first is kept as canonical) and apply it."""
    if len(names) < 2:
        raise InputError("merge needs at least two speakers", "onrecord speakers merge NAME OTHER...")
    resolved = [_resolve_name(conn, n)[1] for n in names]
    add_correction(conn, "speaker_merge", resolved[0], {"names": resolved})
    return apply_registry(conn, force=True)


def split_speaker(conn: sqlite3.Connection, name: str, aliases: list[str]) -> dict[str, Any]:
    """Record that ``aliases`` of speaker ``name`` are someone else (named after the first alias)."""
    if not aliases:
        raise InputError("split needs at least one alias to take out", "onrecord speakers split NAME ALIAS...")
    sid, canonical = _resolve_name(conn, name)
    known = {
        r[0].casefold()
        for r in conn.execute(
            "SELECT alias FROM speaker_aliases WHERE speaker_id = ? UNION SELECT speaker_name FROM quotes WHERE speaker_id = ?",
            (sid, sid),
        )
        if r[0]
    }
    missing = [a for a in aliases if a.casefold() not in known]
    if missing:
        raise InputError(f"{', '.join(missing)} is not an alias of {canonical}", f"see its aliases with: onrecord speakers --name {canonical!r}")
    add_correction(conn, "speaker_split", canonical, {"name": canonical, "aliases": aliases})
    return apply_registry(conn, force=True)


# -- rebuilding ----------------------------------------------------------------------


def _fingerprint(conn: sqlite3.Connection) -> str:
    q = conn.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM quotes").fetchone()
    c = conn.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM corrections").fetchone()
    return f"{q[0]}:{q[1]}:{c[0]}:{c[1]}"


def _state(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM link_state WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def _set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO link_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def canonical_mapping(conn: sqlite3.Connection) -> tuple[dict[str, str], dict[str, str]]:
    """(name form -> canonical name, canonical name -> type) for every speaker name in the store."""
    sp = _speakers_mod()
    forms: list[str] = []
    types: dict[str, Counter[str]] = defaultdict(Counter)
    mapping: dict[str, str] = {}
    for name, type_, n in conn.execute(
        "SELECT speaker_name, COALESCE(speaker_type, 'unknown'), COUNT(*) FROM quotes "
        "WHERE speaker_name IS NOT NULL AND speaker_name != '' GROUP BY speaker_name, speaker_type"
    ):
        types[name][type_] += n
        if type_ == "person" and not sp.is_unnamed(name):
            forms.extend([name] * n)
        else:
            mapping[name] = name
    mapping.update(sp.cluster_names(forms))
    _apply_corrections(mapping, _corrections(conn))
    canon_types: dict[str, Counter[str]] = defaultdict(Counter)
    for form, canon in mapping.items():
        canon_types[canon].update(types.get(form, Counter()))
    return mapping, {c: t.most_common(1)[0][0] if t else "unknown" for c, t in canon_types.items()}


def apply_registry(conn: sqlite3.Connection, *, force: bool = False) -> dict[str, Any]:
    """Make ``speakers``/``speaker_aliases``/``quotes.speaker_id`` follow the canonical mapping.

    Skipped when no quote and no correction was added since the last run (unless ``force``).
    Runs inside the caller's transaction. Returns counts.
    """
    fp = _fingerprint(conn)
    if not force and _state(conn, "registry.fingerprint") == fp:
        return {"ran": False, "speakers": 0, "requoted": 0}
    mapping, types = canonical_mapping(conn)
    by_canon: dict[str, list[str]] = defaultdict(list)
    for form, canon in mapping.items():
        by_canon[canon].append(form)
    requoted = 0
    for canon in sorted(by_canon):
        forms = sorted(set(by_canon[canon]) | {canon})
        row = conn.execute("SELECT id FROM speakers WHERE name = ?", (canon,)).fetchone()
        if row is None:
            cur = conn.execute("INSERT INTO speakers (name, type) VALUES (?, ?) RETURNING id", (canon, types.get(canon, "unknown")))
            sid = int(cur.fetchone()[0])
        else:
            sid = int(row[0])
            conn.execute("UPDATE speakers SET type = ? WHERE id = ?", (types.get(canon, "unknown"), sid))
        for i in range(0, len(forms), 400):
            chunk = forms[i : i + 400]
            marks = ",".join("?" * len(chunk))
            stale = [
                r[0]
                for r in conn.execute(
                    f"SELECT DISTINCT statement_id FROM quotes WHERE speaker_name IN ({marks}) "
                    "AND speaker_id IS NOT ? AND statement_id IS NOT NULL",
                    (*chunk, sid),
                )
            ]
            cur = conn.execute(
                f"UPDATE quotes SET speaker_id = ? WHERE speaker_name IN ({marks}) AND speaker_id IS NOT ?",
                (sid, *chunk, sid),
            )
            requoted += cur.rowcount
            if stale:
                _unlink_statements(conn, stale)
            conn.executemany(
                "INSERT INTO speaker_aliases (alias, speaker_id) VALUES (?, ?) "
                "ON CONFLICT(alias) DO UPDATE SET speaker_id = excluded.speaker_id",
                [(f, sid) for f in chunk],
            )
    # Speakers that lost every quote and alias to a merge are gone.
    conn.execute("DELETE FROM speakers WHERE id NOT IN (SELECT DISTINCT speaker_id FROM quotes WHERE speaker_id IS NOT NULL)")
    _rebuild_roles(conn)
    _set_state(conn, "registry.fingerprint", _fingerprint(conn))
    return {"ran": True, "speakers": len(by_canon), "requoted": requoted}


def _unlink_statements(conn: sqlite3.Connection, statement_ids: list[int]) -> None:
    for i in range(0, len(statement_ids), 400):
        chunk = statement_ids[i : i + 400]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"UPDATE quotes SET statement_id = NULL WHERE statement_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM statements WHERE id IN ({marks})", chunk)


def _rebuild_roles(conn: sqlite3.Connection) -> None:
    sp = _speakers_mod()
    seen: dict[tuple[int, str], list[str]] = {}
    display: dict[tuple[int, str], str] = {}
    for sid, mention, first, last in conn.execute(
        "SELECT q.speaker_id, q.speaker_mention, MIN(COALESCE(q.said_on, a.published)), MAX(COALESCE(q.said_on, a.published)) "
        "FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.speaker_id IS NOT NULL AND q.speaker_mention IS NOT NULL GROUP BY q.speaker_id, q.speaker_mention"
    ):
        role, name = sp.split_role(mention)
        if not role or not name:  # a description alone ("the minister") is not evidence of the role
            continue
        role = " ".join(role.split())
        key = (int(sid), role.casefold())
        display.setdefault(key, role)
        dates = [d for d in (first, last) if d]
        seen.setdefault(key, []).extend(d[:10] for d in dates)
    conn.execute("DELETE FROM speaker_roles")
    conn.executemany(
        "INSERT INTO speaker_roles (speaker_id, role, first_seen, last_seen) VALUES (?, ?, ?, ?)",
        [(sid, display[(sid, k)], min(d) if d else None, max(d) if d else None) for (sid, k), d in seen.items()],
    )


def update_statement_counts(conn: sqlite3.Connection) -> None:
    conn.execute(
        "UPDATE speakers SET statement_count = (SELECT COUNT(*) FROM statements st WHERE st.speaker_id = speakers.id)"
    )


# -- lookups -------------------------------------------------------------------------


def who_held(conn: sqlite3.Connection, role: str, date: str | None) -> dict[str, Any] | None:
    """The speaker who held ``role`` ("the foreign minister", "Russia's foreign minister") on ``date``.

    Roles compare by concept and country (:func:`onrecord.quotes.speakers.role_concepts`:
    "top Russian diplomat" and "Russian Foreign Minister" are one role). A holder counts when
    ``date`` falls in the span the role was seen, widened by ``ROLE_MARGIN_DAYS`` but never
    past another holder's sighting. None when nobody or more than one person fits.
    """
    sp = _speakers_mod()
    concepts, country = sp.role_concepts(role)
    if not concepts:
        return None
    try:
        day = dt.date.fromisoformat(date[:10]) if date else None
    except ValueError:
        day = None
    holders: dict[int, list[dt.date]] = defaultdict(list)
    for sid, r, first, last in conn.execute("SELECT speaker_id, role, first_seen, last_seen FROM speaker_roles"):
        c2, country2 = sp.role_concepts(r)
        if not c2 or c2[0] != concepts[0] or (country and country2 != country):
            continue
        holders[int(sid)].extend(dt.date.fromisoformat(d[:10]) for d in (first, last) if d)
    if not holders:
        return None
    if day is None:
        fits = list(holders) if len(holders) == 1 else []
    else:
        margin = dt.timedelta(days=ROLE_MARGIN_DAYS)
        fits = []
        for sid, dates in holders.items():
            lo, hi = min(dates), max(dates)
            if lo <= day <= hi:
                fits.append(sid)
                continue
            # Widen toward the date only if no other holder was seen between.
            others = [d for o, ds in holders.items() if o != sid for d in ds]
            after = hi < day <= hi + margin and not any(hi < d <= day for d in others)
            before = lo - margin <= day < lo and not any(day <= d < lo for d in others)
            if after or before:
                fits.append(sid)
    if len(fits) != 1:
        return None
    row = conn.execute("SELECT id, name, type FROM speakers WHERE id = ?", (fits[0],)).fetchone()
    return {"id": row[0], "name": row[1], "type": row[2]} if row else None


def list_speakers(
    conn: sqlite3.Connection, *, name: str | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Speakers with aliases and roles, most statements first."""
    params: list[Any] = []
    where = ""
    if name:
        where = "WHERE s.name LIKE ? OR s.id IN (SELECT speaker_id FROM speaker_aliases WHERE alias LIKE ?)"
        params += [f"%{name}%", f"%{name}%"]
    rows = conn.execute(
        f"SELECT s.id, s.name, s.type, s.statement_count, "
        f"(SELECT COUNT(*) FROM quotes q WHERE q.speaker_id = s.id) AS reports FROM speakers s {where} "
        "ORDER BY s.statement_count DESC, reports DESC, s.name LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    out = []
    for sid, sname, type_, n_statements, n_reports in rows:
        aliases = [r[0] for r in conn.execute("SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias", (sid,)) if r[0] != sname]
        roles = [
            {"role": r[0], "first_seen": r[1], "last_seen": r[2]}
            for r in conn.execute(
                "SELECT role, first_seen, last_seen FROM speaker_roles WHERE speaker_id = ? ORDER BY first_seen, role", (sid,)
            )
        ]
        out.append(
            {"id": sid, "name": sname, "type": type_, "statements": n_statements, "reports": n_reports,
             "aliases": aliases, "roles": roles}
        )
    return out
