"""Cached search results never outlive a change to the store, whichever connection made it."""

from __future__ import annotations

import shutil

from onrecord.store import Store
from onrecord.store import queries as Q


def test_a_write_by_another_connection_is_seen_by_the_next_search(fixture_store, tmp_path):
    db = tmp_path / "cache.db"
    shutil.copy(fixture_store["path"], db)
    reader, writer = Store(db, readonly=True), Store(db)
    try:
        f = Q.make_filters("resolution")
        assert Q.search(reader, f)["counts"] == {"statements": 2, "articles": 2}
        seen = []
        for quote_id in sorted(fixture_store["quotes"].values()):
            writer.conn.execute("UPDATE quotes SET text = text || ' resolution' WHERE id = ?", (quote_id,))
            seen.append(Q.search(reader, f)["counts"]["statements"])
        # Every statement gains its first matching report at some point: the count only ever grows, to all 9.
        assert seen == sorted(seen) and seen[-1] == 9 and len(set(seen)) > 2
        sid = fixture_store["speakers"]["Sergei Lavrov"]
        before = Q.speaker_timeline(reader, sid, bucket="year")["total"]
        writer.conn.execute("UPDATE statements SET speaker_id = NULL WHERE speaker_id = ?", (sid,))
        writer.conn.execute("UPDATE quotes SET speaker_id = NULL WHERE speaker_id = ?", (sid,))
        assert before == 6 and Q.speaker_timeline(reader, sid, bucket="year")["total"] == 0
    finally:
        reader.close()
        writer.close()
