"""The store's schema as numbered migrations.

A migration is applied in its own transaction and recorded in ``schema_migrations``;
a store written by a newer onrecord (a higher version than we know) is refused
rather than guessed at. Add a migration by appending to ``MIGRATIONS``; never
edit one that has shipped.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "articles, failures, speakers, quotes, statements, corrections, full-text indexes",
        """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,                 -- the input record's id (file stem, JSON id, WARC record id)
    source TEXT NOT NULL,                 -- path[:line|#record]
    input_hash TEXT NOT NULL UNIQUE,      -- identity of the input: re-ingest adds nothing
    content_hash TEXT NOT NULL,           -- sha256 of the cleaned text
    title TEXT,
    outlet TEXT,
    outlet_evidence TEXT,
    outlet_source TEXT,
    wire TEXT,
    url TEXT,
    language TEXT,
    text TEXT NOT NULL,
    published TEXT,
    published_precision TEXT,
    published_source TEXT,
    published_from TEXT,
    published_to TEXT,
    published_evidence TEXT,
    removed_json TEXT NOT NULL DEFAULT '[]',
    meta_json TEXT NOT NULL DEFAULT '{}',
    versions_json TEXT NOT NULL DEFAULT '{}',
    skipped_stage TEXT,                   -- a stage after cleaning failed: article kept, reason here
    skipped_reason TEXT,
    dup_group INTEGER,                    -- near-duplicate group (link stage)
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_doc_id ON articles(doc_id);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_content_hash ON articles(content_hash);

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    failure_key TEXT NOT NULL UNIQUE,     -- sha256 of source and id: a re-run updates, never duplicates
    doc_id TEXT,
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    seen_at TEXT NOT NULL
);

CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,            -- canonical name
    type TEXT NOT NULL DEFAULT 'unknown', -- person | organization | group | unknown
    statement_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE speaker_aliases (
    alias TEXT PRIMARY KEY COLLATE NOCASE,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE
);
CREATE INDEX speaker_aliases_speaker ON speaker_aliases(speaker_id);
CREATE TABLE speaker_roles (
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    first_seen TEXT,
    last_seen TEXT,
    PRIMARY KEY (speaker_id, role)
);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    parts_json TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cue_text TEXT, cue_start INTEGER, cue_end INTEGER, cue_lemma TEXT,
    speaker_name TEXT,                    -- the name resolved within the article
    speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
    speaker_mention TEXT, speaker_start INTEGER, speaker_end INTEGER,
    speaker_type TEXT, speaker_resolution TEXT,
    said_on TEXT, said_on_text TEXT, said_where TEXT,
    in_headline INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL,
    version TEXT NOT NULL,
    statement_id INTEGER REFERENCES statements(id) ON DELETE SET NULL,
    UNIQUE (article_id, seq)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_statement ON quotes(statement_id);
CREATE INDEX quotes_said_on ON quotes(said_on);

CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
    said_on TEXT,
    said_where TEXT,
    first_published TEXT,
    n_reports INTEGER NOT NULL DEFAULT 0,
    drift_json TEXT NOT NULL DEFAULT '[]',
    version TEXT NOT NULL DEFAULT ''
);
CREATE INDEX statements_speaker ON statements(speaker_id);

-- User corrections (speaker merges and splits, date overrides). Ingest and the
-- corpus-wide steps re-apply them, so they survive re-ingest and re-linking.
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                   -- speaker_merge | speaker_split | date_override | ...
    target TEXT NOT NULL,
    value_json TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker_name);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.id, old.text, old.speaker_name);
END;
CREATE TRIGGER quotes_au AFTER UPDATE OF text, speaker_name ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.id, old.text, old.speaker_name);
    INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker_name);
END;
""",
    ),
    (
        2,
        "link stage: MinHash signatures and LSH buckets, cached quote embeddings, link watermarks",
        """
-- Near-duplicate articles: one MinHash signature per article and its LSH band buckets.
-- Indexed buckets make the LSH index persistent and incremental: a new article queries
-- (band, bucket) pairs instead of rebuilding an in-memory index over millions of articles.
CREATE TABLE article_minhash (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    num_perm INTEGER NOT NULL,
    signature BLOB NOT NULL               -- num_perm little-endian uint64 hash values
);
CREATE TABLE article_lsh (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,              -- 64-bit hash of the band's rows
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX article_lsh_bucket ON article_lsh(band, bucket);
CREATE INDEX article_lsh_article ON article_lsh(article_id);
CREATE INDEX articles_dup_group ON articles(dup_group);

-- Sentence embeddings of quotes, computed once per quote and model.
CREATE TABLE quote_embeddings (
    quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,                 -- float32 little-endian
    PRIMARY KEY (quote_id, model)
);

-- Watermarks and fingerprints of the corpus-wide link steps (what they have seen).
CREATE TABLE link_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE INDEX quotes_speaker_name ON quotes(speaker_name);
""",
    ),
    (
        3,
        "read paths of search and the speaker pages: covering and expression indexes",
        """
-- Search reads a few columns of thousands of matching quotes and of their articles.
-- These narrow covering indexes serve those reads without touching the rows: an
-- article row keeps published after its text, so reading it walks the text's pages.
CREATE INDEX quotes_search ON quotes(id, statement_id, speaker_id, kind, said_on, article_id);
CREATE INDEX articles_meta ON articles(id, outlet, published);
-- A speaker's reports (counts, unlinked quotes, articles, kinds) straight from an index.
CREATE INDEX quotes_speaker_statement ON quotes(speaker_id, statement_id, article_id, kind);
-- Statements by the day they count for, overall and per speaker (newest-first pages, timelines).
CREATE INDEX statements_day ON statements(COALESCE(said_on, first_published));
CREATE INDEX statements_speaker_day ON statements(speaker_id, COALESCE(said_on, first_published));
""",
    ),
]


def latest_version() -> int:
    return MIGRATIONS[-1][0]
