"""The read stage: every format, encodings, and bad input turned into skips with reasons."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

from onrecord.read import read_bytes, read_inputs
from onrecord.read.decode import NotText, decode_bytes
from onrecord.settings import load_settings


def docs_of(paths, settings):
    return list(read_inputs([str(p) for p in paths], settings))


# -- encodings -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Lavrov said “no”.".encode(), "Lavrov said “no”.", "utf-8"),
        (b"\xef\xbb\xbfBOM first", "BOM first", "utf-8-sig"),
        ("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"), "Café “quoted”", "cp1252"),
        ("na\u00efve caf\u00e9".encode("latin-1"), "naïve café", "cp1252"),  # cp1252 is a superset here
        # 0x81 is undefined in cp1252: only Latin-1 decodes it.
        (b"caf\xe9 " * 20 + b"\x81", "café " * 20 + "\x81", "latin-1"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text", "utf-16"),
    ],
)
def test_decode_detects_encoding(data, text, encoding):
    assert decode_bytes(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file (only whitespace)"),
        (b"%PDF-1.7 binary", "binary file"),
        (b"\x89PNG\r\n\x1a\n....", "binary file"),
        (b"text\x00with nul", "binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 50, "binary file (too many control characters"),
    ],
)
def test_decode_refuses_binary_and_empty(data, reason):
    with pytest.raises(NotText) as info:
        decode_bytes(data)
    assert str(info.value).startswith(reason)


# -- formats -------------------------------------------------------------------------
def test_txt_and_html_files(tmp_path, settings):
    (tmp_path / "a.txt").write_text("Plain text.\nSecond line.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    a, b = docs_of([tmp_path], settings)
    assert (a.id, a.text, a.html, a.skipped) == ("a", "Plain text.\nSecond line.", None, None)
    assert (b.id, b.html is not None, b.text) == ("b", True, None)
    assert a.source == str(tmp_path / "a.txt")


def test_json_object_and_list_with_metadata(tmp_path, settings):
    (tmp_path / "one.json").write_text(
        json.dumps({"id": "x1", "url": "https://e.com/a", "title": "T", "outlet": "E", "published": "2016-08-15", "text": "Body."})
    )
    (tmp_path / "many.json").write_text(json.dumps([{"text": "First."}, {"html": "<p>Second.</p>", "id": 7}, "junk"]))
    docs = docs_of([tmp_path / "one.json", tmp_path / "many.json"], settings)
    one = docs[0]
    assert (one.id, one.url, one.title, one.outlet, one.published, one.text) == (
        "x1", "https://e.com/a", "T", "E", "2016-08-15", "Body."
    )
    assert [d.id for d in docs[1:]] == ["many#1", "7", "many#3"]
    assert docs[1].source.endswith("many.json#1") and docs[1].text == "First."
    assert docs[2].html == "<p>Second.</p>"
    assert docs[3].skipped and "not an object" in docs[3].skipped.reason


def test_jsonl_nested_meta_and_bad_lines(tmp_path, settings):
    lines = [
        json.dumps({"id": "p1", "text": "A text.", "meta": {"publisher": "breitbart", "publication_date": "2016-09-12", "title": "Hi"}}),
        "{not json",
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "empty", "text": "   "}),
    ]
    (tmp_path / "set.jsonl").write_text("\n".join(lines))
    docs = docs_of([tmp_path / "set.jsonl"], settings)
    assert [d.id for d in docs] == ["p1", "set:2", "set:4", "empty"]
    p1 = docs[0]
    assert (p1.outlet, p1.published, p1.title, p1.skipped) == ("breitbart", "2016-09-12", "Hi", None)
    assert docs[1].skipped.reason.startswith("invalid JSON on line 2")
    assert docs[2].skipped.reason == "JSON line is not an object"
    assert docs[3].skipped.reason == "record has no text or html field with content"
    assert docs[0].source.endswith("set.jsonl:1")


def test_jsonl_line_over_the_limit_is_skipped_and_the_next_line_read(tmp_path):
    small = load_settings(env={}, max_document_bytes=1000)
    big = json.dumps({"id": "big", "text": "x" * 5000})
    (tmp_path / "s.jsonl").write_text(big + "\n" + json.dumps({"id": "ok", "text": "fine"}) + "\n")
    docs = docs_of([tmp_path / "s.jsonl"], small)
    assert [(d.id, bool(d.skipped)) for d in docs] == [("s:1", True), ("ok", False)]
    assert "larger than max_document_bytes" in docs[0].skipped.reason


def test_csv_text_column_detection_and_broken_quoting(tmp_path, settings):
    (tmp_path / "ok.csv").write_text('id,title,body\n1,First,"Body, with comma."\n2,Second,"Multi\nline"\n')
    docs = docs_of([tmp_path / "ok.csv"], settings)
    assert [(d.id, d.title, d.text) for d in docs] == [("1", "First", "Body, with comma."), ("2", "Second", "Multi\nline")]
    (tmp_path / "nocol.csv").write_text("a,b\n1,2\n")
    (bad,) = docs_of([tmp_path / "nocol.csv"], settings)
    assert "no text or html column" in bad.skipped.reason
    (tmp_path / "broken.csv").write_text('id,text\n1,"fine"\n2,"unterminated\n' + "x" * 10 + '\n3,"a"b"c\n')
    got = docs_of([tmp_path / "broken.csv"], settings)
    assert got[0].text == "fine"
    assert all(d.skipped or d.text for d in got)  # never a crash, every row accounted for


def test_csv_named_column_setting(tmp_path):
    s = load_settings(env={}, csv_text_column="story")
    (tmp_path / "c.csv").write_text("id;story\nk;The story.\n")
    (doc,) = docs_of([tmp_path / "c.csv"], s)
    assert (doc.id, doc.text) == ("k", "The story.")


def _warc_bytes(records: list[tuple[str, bytes, str]], gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    from warcio.statusandheaders import StatusAndHeaders

    for url, body, ctype in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(rec)
    return buf.getvalue()


def test_warc_gz_html_records_only(tmp_path, settings):
    data = _warc_bytes(
        [
            ("https://sana.sy/en/?p=85402", b"<html><body><p>Lavrov said.</p></body></html>", "text/html; charset=utf-8"),
            ("https://x.com/logo.png", b"\x89PNG....", "image/png"),
            ("https://e.com/2", "<p>caf\u00e9</p>".encode(), "text/html"),
        ],
        gz=True,
    )
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    docs = docs_of([tmp_path / "crawl.warc.gz"], settings)
    assert [d.url for d in docs] == ["https://sana.sy/en/?p=85402", "https://e.com/2"]
    assert "Lavrov said." in docs[0].html and docs[0].meta["crawled_at"]
    assert docs[1].html == "<p>café</p>"


def test_truncated_warc_gz_keeps_earlier_records_and_reports_damage(tmp_path, settings):
    bodies = [b"<p>" + os.urandom(3000).hex().encode() + b"</p>" for _ in range(3)]
    data = _warc_bytes([(f"https://e.com/{i}", body, "text/html") for i, body in enumerate(bodies)], gz=True)
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) * 4 // 5])
    docs = docs_of([tmp_path / "cut.warc.gz"], settings)
    assert [(d.url, d.skipped is None) for d in docs] == [
        ("https://e.com/0", True), ("https://e.com/1", True), ("https://e.com/2", False)
    ]
    assert docs[-1].skipped.reason == "truncated WARC record (archive cut off after 2 complete records)"


def test_gzip_bomb_record_is_capped(tmp_path):
    s = load_settings(env={}, max_document_bytes=100_000)
    body = b"<p>" + b"a" * 50_000_000 + b"</p>"  # compresses to ~50 kB
    data = _warc_bytes([("https://e.com/bomb", body, "text/html")], gz=True)
    assert len(data) < 200_000
    (tmp_path / "bomb.warc.gz").write_bytes(data)
    (doc,) = docs_of([tmp_path / "bomb.warc.gz"], s)
    assert doc.skipped and "larger than max_document_bytes" in doc.skipped.reason


def test_stdin_sniffs_jsonl_and_text(settings):
    jl = b'{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n'
    assert [d.id for d in read_inputs(["-"], settings, stdin=io.BytesIO(jl))] == ["a", "b"]
    (doc,) = read_inputs(["-"], settings, stdin=io.BytesIO(b"Just text."))
    assert (doc.id, doc.text, doc.source) == ("stdin", "Just text.", "<stdin>")


def test_folder_walk_is_recursive_sorted_and_skips_hidden_dirs(tmp_path, settings):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "1.txt").write_text("one")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden")
    assert [d.id for d in docs_of([tmp_path], settings)] == ["1", "2"]


def test_bad_inputs_each_get_a_reason(tmp_path):
    s = load_settings(env={}, max_document_bytes=1_000_000)
    (tmp_path / "bin.dat").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes("Le ministre a d\u00e9clar\u00e9 \u00ab non \u00bb.".encode("latin-1"))
    (tmp_path / "huge.txt").write_bytes(b"word " * 400_000)
    (tmp_path / "bad.html").write_text("<html><body><div><p>Unclosed <b>tags <i>everywhere")
    (tmp_path / "gone.pdf").write_bytes(b"%PDF-1.4 ...")
    docs = {d.id: d for d in docs_of([tmp_path], s)}
    assert "binary" in docs["bin"].skipped.reason
    assert docs["empty"].skipped.reason == "empty file"
    assert docs["latin1"].text == "Le ministre a déclaré « non »." and docs["latin1"].skipped is None
    assert "larger than max_document_bytes" in docs["huge"].skipped.reason
    assert docs["bad"].html and docs["bad"].skipped is None
    assert "unsupported file type '.pdf'" in docs["gone"].skipped.reason


def test_missing_path_is_a_skip_not_a_crash(settings):
    (doc,) = read_inputs(["/nonexistent/file.txt"], settings)
    assert doc.skipped.reason == "no such file or folder"


def test_read_bytes_named_upload(settings):
    docs = list(read_bytes(b'[{"text": "a"}, {"text": "b"}]', name="up.json", source="upload:up.json", settings=settings))
    assert [d.text for d in docs] == ["a", "b"]


def test_seed_files_read_as_utf8(settings):
    seeds = Path(__file__).resolve().parents[2] / "examples" / "seeds"
    docs = docs_of([seeds], settings)
    assert len(docs) == 5 and all(d.encoding == "utf-8" and d.skipped is None for d in docs)


def test_jsonl_gz(tmp_path, settings):
    (tmp_path / "x.jsonl.gz").write_bytes(gzip.compress(b'{"id": "g", "text": "zipped"}\n'))
    (doc,) = docs_of([tmp_path / "x.jsonl.gz"], settings)
    assert (doc.id, doc.text) == ("g", "zipped")
