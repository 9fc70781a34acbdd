"""RELIABILITY.md, "Input files": bad input to ``tradekg build``, ``validate`` and ``query FILE``.

Each bad file is tried through the library (``validate_sources`` / ``build``) and through the
CLI: one located line per problem, the exit code of the kind of problem, never a traceback,
and a failed build writes nothing.
"""

from __future__ import annotations

import http.server
import json
import os
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tradekg.cli.main import main
from tradekg.graph.build.pipeline import build, validate_sources
from tradekg.graph.core.errors import UsageError, ValidationFailed

pytestmark = pytest.mark.timeout(60)  # a guard against hangs (entity expansion, quadratic parsing)

XSD = "http://www.w3.org/2001/XMLSchema#"

AUTHORING = """\
format: tradekg/1
source:
  id: {id}
  title: {title}
  published: 2025-04-20
agreements:
  - id: {agreement}
    label: {label}
    parties: [India, NO]
claims:
  - id: d1
    kind: demand
    by: India
    to: NO
    demand_kind: technology access
    quote: "India asks Norway for technology access."
    agreement: {agreement}
"""


def authoring(id: str = "src", title: str = "A source", agreement: str = "ag", label: str = "An agreement") -> str:
    return AUTHORING.format(id=id, title=title, agreement=agreement, label=label)


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_clean(result: Result, code: int, stderr_lines: list[str]) -> None:
    """Exit ``code``, exactly these lines on stderr, no traceback and no escaped exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == stderr_lines
    assert result.exit_code == code


def check_refused(path: Path, expected: list[str], tmp_path: Path) -> None:
    """``path`` yields exactly ``expected`` problems in the library, ``validate`` and ``build``."""
    assert [str(p) for p in validate_sources([path])] == expected
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed) as failed:
        build([path], out=out)
    assert [str(p) for p in failed.value.problems] == expected
    n = len(expected)
    assert_clean(cli("validate", str(path)), 1, [*expected, f"{n} problem{'s' if n != 1 else ''} found"])
    assert_clean(cli("build", "--sources", str(path), "--out", str(out)), 1,
                 [*expected, f"{n} problem{'s' if n != 1 else ''} found; nothing was written"])
    assert not out.exists()


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- syntax errors

SYNTAX_ERRORS = {
    "yaml": ("bad.yaml", "format: tradekg/1\nsource:\n  id: x\n  title: [unclosed\n  kind: article\n",
             "5: YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'"),
    "yaml-indentation": ("indent.yaml", "format: tradekg/1\nsource:\n  id: x\n title: y\n",
                         "4: YAML syntax error: while parsing a block mapping did not find expected key"),
    "turtle": ("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\n"
                          "ex:e ex:f ex:g .\n",
               "3: column 16: A dot is expected at the end of statements"),
    "turtle-at-end": ("eof.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n',
                      "3: column 11: Unexpected end of file"),
    "turtle-prefix": ("prefix.ttl", "@prefix ex: <http://example.org/> .\n\nex:a nope:b ex:c .\n",
                      "3: column 6: The prefix nope: has not been declared"),
    "n-triples": ("bad.nt", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
                            "<http://example.org/a> <http://example.org/b> \"x\" <http://example.org/g> .\n",
                  "2: column 51: Quads must be followed by a dot"),
    "n-triples-relative": ("relative.nt", '<http://example.org/a> <http://example.org/b> "x" .\n<a> <b> "y" .\n',
                           "2: column 1: No scheme found in an absolute IRI"),
    "json-ld": ("bad.jsonld", '{"@id": "http://example.org/a",\n "http://example.org/b": [1, 2,\n]}\n',
                "3: column 1: Trailing commas are not allowed"),
}


@pytest.mark.parametrize("case", SYNTAX_ERRORS, ids=str)
def test_syntax_error_is_located(case: str, tmp_path: Path) -> None:
    name, text, where = SYNTAX_ERRORS[case]
    path = write(tmp_path, name, text)
    check_refused(path, [f"{path}:{where}"], tmp_path)


def test_rdf_xml_error_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.rdf", '<?xml version="1.0"?>\n'
                 '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
                 '<rdf:Description rdf:about="http://example.org/a">\n<ex:p>x</ex:p>\n</rdf:RDF>\n')
    check_refused(path, [f"{path}:5: ill-formed document: expected `</rdf:Description>`, but `</rdf:RDF>` was found"],
                  tmp_path)


def test_syntax_error_in_one_file_keeps_the_others_out(tmp_path: Path) -> None:
    """Every file is parsed on its own: the good file is not stored, the bad one is reported."""
    good = write(tmp_path, "src/good.ttl", '<http://example.org/a> <http://example.org/b> "c" .\n')
    bad = write(tmp_path, "src/bad.nt", "<http://example.org/a> <http://example.org/b> .\n")
    expected = [f"{bad}:1: column 47: The object of a triple must be an IRI, a blank node or a literal"]
    assert [str(p) for p in validate_sources([tmp_path / "src"])] == expected
    with pytest.raises(ValidationFailed):
        build([tmp_path / "src"], out=tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert good.exists()


# ---------------------------------------------------------------- encodings and odd files

ODD_FILES = {
    "empty-yaml": ("empty.yaml", b"", "file is empty"),
    "blank-turtle": ("blank.ttl", b"  \n\n\t\n", "file is empty"),
    "utf16-yaml": ("utf16.yaml", authoring().encode("utf-16"), "1: file is UTF-16; save it as UTF-8"),
    "utf16be-turtle": ("utf16.ttl",
                       b"\xfe\xff" + '<http://example.org/a> <http://example.org/b> "c" .'.encode("utf-16-be"),
                       "1: file is UTF-16; save it as UTF-8"),
    "binary-turtle": ("garbage.ttl", bytes(range(256)) * 4, "file is binary, not text"),
    "binary-yaml": ("garbage.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "file is binary, not text"),
    "latin1-yaml": ("latin1.yaml", authoring(title="Caf\xe9").encode("latin-1"),
                    "4: not valid UTF-8 (byte 0xe9 at offset 48)"),
    "latin1-nt": ("latin1.nt", b'<http://example.org/a> <http://example.org/b> "ok" .\n'
                               b'<http://example.org/a> <http://example.org/b> "caf\xe9" .\n',
                  "2: not valid UTF-8 (byte 0xe9 at offset 103)"),
    "wrong-extension": ("notes.txt", b'<http://example.org/a> <http://example.org/b> "c" .\n',
                        "unknown file type '.txt': use .yaml (authoring) or .json, .jsonld, .nt, .owl, .rdf, .ttl, "
                        ".xml (RDF)"),
    "turtle-named-yaml": ("data.yaml", b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n",
                          "1: YAML syntax error: while scanning for the next token found character that cannot "
                          "start any token"),
    "yaml-named-turtle": ("data.ttl", authoring().encode("utf-8"),
                          "1: column 1: The prefix format: has not been declared"),
    "yaml-not-a-mapping": ("list.yaml", b"- format: tradekg/1\n",
                           "1: an authoring file is a YAML mapping with 'format' and 'source'"),
    "yaml-without-format": ("noformat.yaml", b"source:\n  id: x\n",
                            "1: 'format: tradekg/1' is required (found None)"),
}


@pytest.mark.parametrize("case", ODD_FILES, ids=str)
def test_odd_file_gets_one_clear_line(case: str, tmp_path: Path) -> None:
    name, data, what = ODD_FILES[case]
    path = write(tmp_path, name, data)
    check_refused(path, [f"{path}:{what}" if what[0].isdigit() else f"{path}: {what}"], tmp_path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    yaml_path = write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + authoring().encode("utf-8"))
    nt_path = write(tmp_path, "bom.nt", b'\xef\xbb\xbf<http://example.org/a> <http://example.org/b> "c" .\n')
    assert validate_sources([yaml_path, nt_path]) == []
    result = cli("validate", str(yaml_path), str(nt_path))
    assert_clean(result, 0, [])
    assert result.stdout == "ok: no errors (0 warnings)\n"
    report = build([yaml_path, nt_path], out=tmp_path / "out")
    assert report.sources == [("src", "A source", 1)]


# ---------------------------------------------------------------- paths


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such.yaml"
    with pytest.raises(UsageError, match=f"^{missing}: no such file$"):
        validate_sources([missing])
    assert_clean(cli("validate", str(missing)), 2, [f"tradekg: {missing}: no such file"])
    assert_clean(cli("build", "--sources", str(missing), "--out", str(tmp_path / "out")), 2,
                 [f"tradekg: {missing}: no such file"])
    assert not (tmp_path / "out").exists()


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(tmp_path, "corpus/readme.md", "not a source")
    write(tmp_path, "corpus/.hidden/x.ttl", '<http://example.org/a> <http://example.org/b> "c" .\n')
    message = f"tradekg: {folder}: folder holds no source files (.yaml, .yml, .ttl, .nt, .jsonld, .rdf, .owl)"
    assert_clean(cli("validate", str(folder)), 2, [message])
    assert_clean(cli("build", "--sources", str(folder), "--out", str(tmp_path / "out")), 2, [message])
    assert not (tmp_path / "out").exists()


def test_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    """A source text that is a folder is a located problem; an --out or --store that is a file is refused."""
    write(tmp_path, "src/text/keep", "")
    path = write(tmp_path, "src/a.yaml", authoring().replace("  published: 2025-04-20\n",
                                                             "  published: 2025-04-20\n  text: text\n"))
    text_dir = tmp_path / "src" / "text"
    check_refused(path, [f"{path}:6: source text 'text': {text_dir}: is a directory, not a file"], tmp_path)
    a_file = write(tmp_path, "plain-file", "")
    result = cli("build", "--sources", str(path), "--out", str(a_file))
    assert result.exit_code == 2
    assert f"Directory '{a_file}' is a file." in result.stderr
    assert_clean(cli("query", "sources", "--store", str(a_file)), 2, [f"tradekg: {a_file}: is not a store folder"])


def test_missing_source_text_names_the_real_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "src/a.yaml", authoring().replace("  published: 2025-04-20\n",
                                                             "  published: 2025-04-20\n  text: ../texts/a.txt\n"))
    real = tmp_path / "src" / ".." / "texts" / "a.txt"
    monkeypatch.setenv("TRADEKG_TEXTS", str(tmp_path))  # a folder outside the source's may be named
    check_refused(path, [f"{path}:6: source text '../texts/a.txt': {real}: no such file"], tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode, so 'unreadable' cannot be made")
def test_unreadable_file_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.yaml", authoring())
    path.chmod(0)
    assert_clean(cli("validate", str(path)), 2, [f"tradekg: {path}: permission denied"])


# ---------------------------------------------------------------- query FILE


@pytest.fixture(scope="module")
def store(built: Path) -> str:
    return str(built / "store")


QUERY_FILES = {
    "empty": ("empty.rq", b"", 1, "{p}: file is empty"),
    "utf16": ("utf16.rq", "SELECT * WHERE { ?s ?p ?o }".encode("utf-16"), 1, "{p}:1: file is UTF-16; save it as UTF-8"),
    "binary": ("blob.rq", bytes(range(256)), 1, "{p}: file is binary, not text"),
    "latin1": ("latin1.rq", b'SELECT * WHERE {\n ?s ?p "caf\xe9" }', 1,
               "{p}:2: not valid UTF-8 (byte 0xe9 at offset 28)"),
    "too-large": ("huge.rq", b"# " + b"x" * (1024 * 1024) + b"\nSELECT * WHERE { ?s ?p ?o }", 1,
                  "{p}: file is 1,048,606 bytes; the limit is 1,048,576"),
}


@pytest.mark.parametrize("case", QUERY_FILES, ids=str)
def test_query_file_is_read_safely(case: str, tmp_path: Path, store: str) -> None:
    name, data, code, message = QUERY_FILES[case]
    path = write(tmp_path, name, data)
    assert_clean(cli("query", str(path), "--store", store), code, [f"tradekg: {message.format(p=path)}"])


def test_query_file_paths(tmp_path: Path, store: str) -> None:
    missing = tmp_path / "nowhere" / "q.rq"
    assert_clean(cli("query", str(missing), "--store", store), 2, [f"tradekg: {missing}: no such file"])
    folder = tmp_path / "queries"
    folder.mkdir()
    assert_clean(cli("query", f"{folder}/", "--store", store), 2, [f"tradekg: {folder}: is a directory, not a file"])


def test_query_file_with_byte_order_mark(tmp_path: Path, store: str) -> None:
    path = write(tmp_path, "bom.rq",
                 b"\xef\xbb\xbfSELECT ?a WHERE { ?a a <https://w3id.org/tradekg/ontology#Agreement> }")
    result = cli("query", str(path), "--store", store, "--format", "json")
    assert_clean(result, 0, [])
    assert json.loads(result.stdout)["results"]["bindings"] == [
        {"a": {"type": "uri", "value": "https://w3id.org/tradekg/id/agreement/india-us-bta"}}]


# ---------------------------------------------------------------- size and depth


def test_huge_literal_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.nt", '<http://example.org/a> <http://example.org/b> "ok" .\n'
                 '<http://example.org/a> <http://example.org/b> "' + "x" * 2_000_000 + '" .\n')
    check_refused(path, [f"{path}:2: a literal of 2,000,000 characters exceeds the limit of 1,000,000"], tmp_path)


def test_huge_turtle_long_string_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:b """'
                 + "line\n" * 300_000 + '""" .\n')
    check_refused(path, [f"{path}:2: a literal of 1,500,000 characters exceeds the limit of 1,000,000"], tmp_path)


def test_large_literal_under_the_limit_loads(tmp_path: Path) -> None:
    from tradekg.graph.sources.rdffiles import read_rdf

    path = write(tmp_path, "big.nt", '<http://example.org/a> <http://example.org/b> "' + "y" * 999_000 + '" .\n')
    triples, _ = read_rdf(path)
    assert [len(o) for _, _, o in triples] == [999_000]


def test_huge_authoring_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.yaml", authoring(title='"' + "t" * 6_000_000 + '"'))
    size = path.stat().st_size
    check_refused(path, [f"{path}: file is {size:,} bytes; the limit is 5,242,880"], tmp_path)


def test_long_authoring_literal_loads_exactly(tmp_path: Path) -> None:
    title = "T" * 4_000_000
    path = write(tmp_path, "long.yaml", authoring(title=title))
    report = build([path], out=tmp_path / "out")
    assert report.sources == [("src", title, 1)]


DEEP = 1000


def test_deep_yaml_flow_nesting(tmp_path: Path) -> None:
    # 200 levels: deep enough to trip our bound, shallow enough that libyaml's own limit (1000
    # in some builds, absent in others) does not answer first with a build-dependent message.
    path = write(tmp_path, "deep.yaml", "format: tradekg/1\nsource: " + "[" * 200 + "]" * 200 + "\n")
    check_refused(path, [f"{path}:2: nesting deeper than 32 levels"], tmp_path)


def test_deep_yaml_block_nesting(tmp_path: Path) -> None:
    lines = ["format: tradekg/1", "source:"] + ["  " * (i + 1) + "k:" for i in range(DEEP)]
    path = write(tmp_path, "deep.yaml", "\n".join(lines) + "\n")
    check_refused(path, [f"{path}:34: nesting deeper than 32 levels"], tmp_path)


def test_deep_turtle_nesting_loads(tmp_path: Path) -> None:
    from tradekg.graph.sources.rdffiles import read_rdf

    blank = write(tmp_path, "deep.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p "
                  + "[ ex:p " * DEEP + '"x"' + " ]" * DEEP + " .\n")
    listed = write(tmp_path, "deeplist.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p "
                   + "( " * DEEP + '"x"' + " )" * DEEP + " .\n")
    assert len(read_rdf(blank)[0]) == DEEP + 1
    assert len(read_rdf(listed)[0]) == 2 * DEEP + 1
    report = build([blank, listed], out=tmp_path / "out")
    vocabulary = build_vocabulary_size()
    assert report.triples == vocabulary + DEEP + 1 + 2 * DEEP + 1


def build_vocabulary_size() -> int:
    from tradekg.graph.build.load import vocabulary_triples

    return len(set(vocabulary_triples()))


@pytest.mark.parametrize("shape", ["objects", "arrays"])
def test_deep_json_ld_is_refused_not_crashed(shape: str, tmp_path: Path) -> None:
    """Oxigraph's JSON-LD processing recurses (a SIGSEGV at a few thousand levels): bounded here."""
    if shape == "objects":
        text = ('{"@id": "http://example.org/a",\n' + '"http://example.org/p": {' * DEEP + '"@value": "x"'
                + "}" * DEEP + "}")
    else:
        text = '{"@id": "http://example.org/a",\n"http://example.org/p": ' + "[" * DEEP + '"x"' + "]" * DEEP + "}"
    path = write(tmp_path, "deep.jsonld", text)
    check_refused(path, [f"{path}:2: JSON-LD nested deeper than 256 levels"], tmp_path)


def test_json_ld_depth_limit(tmp_path: Path) -> None:
    from tradekg.graph.core.errors import InputError
    from tradekg.graph.sources.rdffiles import read_rdf

    def nested(n: int) -> Path:  # the document's own object plus n nested ones
        return write(tmp_path, f"deep-{n}.jsonld", '{"@id": "http://example.org/a", '
                     + '"http://example.org/p": {' * n + '"@value": "x"' + "}" * n + "}")

    assert len(read_rdf(nested(255))[0]) == 255
    with pytest.raises(InputError, match="nested deeper than 256 levels"):
        read_rdf(nested(256))


def test_very_deep_json_ld_in_a_subprocess_exits_cleanly(tmp_path: Path) -> None:
    """At 5000 levels the parser used to kill the process; the real command must say why and exit 1."""
    import subprocess
    import sys

    n = 5000
    path = write(tmp_path, "deeper.jsonld", '{"@id": "http://example.org/a", '
                 + '"http://example.org/p": {' * n + '"@value": "x"' + "}" * n + "}")
    tradekg = Path(sys.executable).parent / "tradekg"
    done = subprocess.run([str(tradekg), "validate", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"{path}:1: JSON-LD nested deeper than 256 levels", "1 problem found"]


# ---------------------------------------------------------------- hostile RDF/XML and JSON-LD

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&g;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("suffix", [".rdf", ".owl", ".xml"])
def test_rdf_xml_with_entities_is_refused(suffix: str, tmp_path: Path) -> None:
    path = write(tmp_path, "laughs" + suffix, BILLION_LAUGHS)
    check_refused(path, [f"{path}:2: RDF/XML with a DOCTYPE or ENTITY declaration is refused"], tmp_path)


def test_rdf_xml_without_declarations_loads(tmp_path: Path) -> None:
    from tradekg.graph.sources.rdffiles import read_rdf

    path = write(tmp_path, "plain.rdf", BILLION_LAUGHS.split("]>\n")[1].replace("&g;", "laughs"))
    assert [str(o) for _, _, o in read_rdf(path)[0]] == ["laughs"]


@pytest.fixture
def canary() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it receives (and serves a context)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = b'{"@context": {"name": "http://schema.org/name"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser uses ConjunctiveGraph
def test_canary_sees_a_fetch(canary: tuple[str, list[str]]) -> None:
    """The canary works: rdflib's own JSON-LD parser does fetch a remote context from it."""
    from rdflib import Graph

    url, hits = canary
    g = Graph().parse(data=json.dumps({"@context": f"{url}/ctx", "@id": "http://example.org/a", "name": "x"}),
                      format="json-ld")
    assert len(g) == 1
    assert hits == ["/ctx"]


REMOTE_CONTEXTS = {
    "string": lambda url: {"@context": url, "@id": "http://example.org/a", "name": "x"},
    "in-array": lambda url: {"@context": [{"ex": "http://example.org/"}, url], "@id": "ex:a", "name": "x"},
    "import": lambda url: {"@context": {"@version": 1.1, "@import": url}, "@id": "http://example.org/a", "name": "x"},
    "scoped": lambda url: {"@context": {"p": {"@id": "http://example.org/p", "@context": url}},
                           "@id": "http://example.org/a", "p": {"name": "x"}},
    "nested": lambda url: {"@id": "http://example.org/a", "http://example.org/p": {"@context": url, "name": "x"}},
}


@pytest.mark.parametrize("case", REMOTE_CONTEXTS, ids=str)
def test_remote_json_ld_context_is_never_fetched(case: str, canary: tuple[str, list[str]], tmp_path: Path) -> None:
    url, hits = canary
    path = write(tmp_path, "remote.jsonld", json.dumps(REMOTE_CONTEXTS[case](f"{url}/{case}")))
    check_refused(path, [f"{path}:1: JSON-LD with a remote @context is refused: it would be fetched from the "
                         "network; inline the context"], tmp_path)
    assert hits == []


# ---------------------------------------------------------------- invalid IRIs, literals, language tags

INVALID_IRIS = {
    "nt-space": ("a.nt", '<http://example.org/a> <http://example.org/b> "ok" .\n'
                         '<http://example.org/a b> <http://example.org/b> "c" .\n',
                 "2: column 1: Invalid IRI code point ' '"),
    "nt-brace": ("b.nt", '<http://example.org/{a}> <http://example.org/b> "c" .\n',
                 "1: column 1: Invalid IRI code point '{'"),
    "ttl-pipe": ("c.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:b <http://example.org/x|y> .\n',
                 "2: column 11: Invalid IRI code point '|'"),
    "ttl-escaped-angle": ("d.ttl", '<http://example.org/a\\u003Eb> <http://example.org/b> "c" .\n',
                          "1: column 1: Invalid IRI code point '>'"),
    "ttl-caret": ("e.ttl", '<http://example.org/a^b> <http://example.org/b> "c" .\n',
                  "1: column 1: Invalid IRI code point '^'"),
    "ttl-backtick": ("f.ttl", '<http://example.org/a`b> <http://example.org/b> "c" .\n',
                     "1: column 1: Invalid IRI code point '`'"),
    "rdf-xml": ("g.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a b">'
                "<ex:p>x</ex:p></rdf:Description>\n</rdf:RDF>\n",
                "3: error while parsing IRI 'http://example.org/a b': Invalid IRI code point ' '"),
    "json-ld-id": ("h.jsonld", '{"@id": "http://example.org/ok",\n "http://example.org/p": {"@id": "http://example.org/{x}"}}',
                   "2: invalid IRI 'http://example.org/{x}' in @id"),
    "json-ld-property": ("i.jsonld", '{"@id": "http://example.org/a",\n\n "http://example.org/p q": "x"}',
                         "3: invalid IRI 'http://example.org/p q' as a property name"),
    "json-ld-type": ("j.jsonld", '{"@id": "http://example.org/a", "@type": ["http://example.org/T", "http://example.org/<T>"]}',
                     "1: invalid IRI 'http://example.org/<T>' in @type"),
}


@pytest.mark.parametrize("case", INVALID_IRIS, ids=str)
def test_invalid_iri_is_refused_with_location(case: str, tmp_path: Path) -> None:
    name, text, where = INVALID_IRIS[case]
    path = write(tmp_path, name, text)
    check_refused(path, [f"{path}:{where}"], tmp_path)


def test_invalid_urls_and_ids_in_authoring_files(tmp_path: Path) -> None:
    """Names that become IRIs are checked where they are written, never left to break an export."""
    text = authoring(agreement="my agreement").replace(
        "  published: 2025-04-20\n", '  published: 2025-04-20\n  url: "https://example.org/a b"\n'
    ).replace("  - id: d1\n", "  - id: d<1>\n")
    path = write(tmp_path, "a.yaml", text)
    check_refused(path, [
        f"{path}:6: url 'https://example.org/a b' is not an http(s) URL without spaces or <>\"{{}}|\\^`",
        f"{path}:8: agreement id 'my agreement' may only hold letters, digits, '.', '_' and '-'",
        f"{path}:12: claim id 'd<1>' may only hold letters, digits, '.', '_' and '-'",
    ], tmp_path)


ILL_TYPED = {
    "date": ("a.ttl", f'@prefix xsd: <{XSD}> .\n'
                      '<http://example.org/a> <http://example.org/b> "2025-04-20"^^xsd:date .\n'
                      '<http://example.org/a> <http://example.org/c> "2024-13-45"^^xsd:date .\n',
             f"3: ill-typed literal '2024-13-45' is not a valid {XSD}date"),
    "integer": ("b.nt", f'<http://example.org/a> <http://example.org/b> "1.5x"^^<{XSD}integer> .\n',
                f"1: ill-typed literal '1.5x' is not a valid {XSD}integer"),
    "boolean-json-ld": ("c.jsonld", json.dumps({"@id": "http://example.org/a", "http://example.org/b":
                                                {"@value": "maybe", "@type": f"{XSD}boolean"}}),
                        f"1: ill-typed literal 'maybe' is not a valid {XSD}boolean"),
    "language-nt": ("d.nt", '<http://example.org/a> <http://example.org/b> "x"@en .\n'
                            '<http://example.org/a> <http://example.org/b> "x"@abcdefghi .\n',
                    "2: column 51: A subtag may be eight characters in length at maximum"),
    "language-ttl": ("e.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:b "x"@e1 .\n',
                     "2: column 15: The given language subtag is invalid"),
    "language-json-ld": ("f.jsonld", '{"@id": "http://example.org/a",\n "http://example.org/b": {"@value": "x", '
                                     '"@language": "not a tag"}}',
                         "2: invalid language tag 'not a tag'"),
    "language-rdf-xml": ("g.rdf", '<?xml version="1.0"?>\n'
                         '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                         'xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a">\n'
                         '<ex:p xml:lang="abcdefghij">x</ex:p>\n</rdf:Description>\n</rdf:RDF>\n',
                         "4: error while parsing language tag 'abcdefghij': A subtag may be eight characters in "
                         "length at maximum"),
}


@pytest.mark.parametrize("case", ILL_TYPED, ids=str)
def test_ill_typed_literal_or_bad_language_tag_is_located(case: str, tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    name, text, where = ILL_TYPED[case]
    path = write(tmp_path, name, text)
    check_refused(path, [f"{path}:{where}"], tmp_path)
    # rdflib logs a warning with a traceback for such literals; nothing of it may reach a user.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("rdflib")] == []


def test_ill_typed_literal_in_a_real_process(tmp_path: Path) -> None:
    """Outside pytest (which captures logging) the user's stderr holds the one located line only."""
    import subprocess
    import sys

    name, text, where = ILL_TYPED["date"]
    path = write(tmp_path, name, text)
    done = subprocess.run([str(Path(sys.executable).parent / "tradekg"), "validate", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"{path}:{where}", "1 problem found"]


def test_bad_date_in_authoring_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", authoring().replace("published: 2025-04-20", "published: 2024-13-45"))
    check_refused(path, [f"{path}:5: bad value '2024-13-45': month must be in 1..12"], tmp_path)


# ---------------------------------------------------------------- one entity, two files


def test_one_agreement_defined_differently_in_two_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", authoring(id="src-a", label="Probe agreement"))
    b = write(tmp_path, "b.yaml", authoring(id="src-b", label="Another name"))
    expected = [f"{b}:7: agreement 'ag' is labelled 'Another name' here but 'Probe agreement' in {a}:7"]
    assert [str(p) for p in validate_sources([a, b])] == expected
    assert [str(p) for p in validate_sources([b, a])] == [
        f"{a}:7: agreement 'ag' is labelled 'Probe agreement' here but 'Another name' in {b}:7"]
    assert_clean(cli("build", "--sources", str(a), "--sources", str(b), "--out", str(tmp_path / "out")), 1,
                 [*expected, "1 problem found; nothing was written"])
    assert not (tmp_path / "out").exists()


def test_two_turtle_files_label_one_iri_differently(tmp_path: Path) -> None:
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    a = write(tmp_path, "a.ttl", f'<https://example.org/thing> {label} "Thing one" .\n')
    b = write(tmp_path, "b.ttl", f'\n<https://example.org/thing> {label} "Thing two" .\n')
    expected = [f'{a}:1: <https://example.org/thing> has conflicting labels "Thing one" and "Thing two"']
    assert [str(p) for p in validate_sources([a, b])] == expected
    out = tmp_path / "out"
    assert_clean(cli("build", "--sources", str(a), "--sources", str(b), "--out", str(out)), 1,
                 [*expected, "1 problem found; nothing was written"])
    assert not (out / "store").exists()
    assert not (out / "tradekg.ttl").exists()


def test_two_turtle_files_type_one_iri_differently(tmp_path: Path) -> None:
    prefixes = ("@prefix tk: <https://w3id.org/tradekg/ontology#> .\n"
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
    a = write(tmp_path, "a.ttl", prefixes + '<https://example.org/x> a tk:Party ; rdfs:label "X"@en .\n'
              '<https://example.org/y> a tk:Party ; rdfs:label "Y"@en .\n')
    b = write(tmp_path, "b.ttl", prefixes + '<https://example.org/x> a tk:Agreement ; rdfs:label "X"@en ;\n'
              "  tk:hasParty <https://example.org/x> , <https://example.org/y> .\n")
    assert [str(p) for p in validate_sources([a, b])] == [
        f"{a}:3: <https://example.org/x> is both a https://w3id.org/tradekg/ontology#Agreement and a "
        "https://w3id.org/tradekg/ontology#Party"]


def test_duplicate_triples_are_harmless(tmp_path: Path) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    from tradekg.graph.store.local import open_graph

    line = '<https://example.org/thing> <http://www.w3.org/2000/01/rdf-schema#label> "Thing" .\n'
    a = write(tmp_path, "a.nt", line + line)
    b = write(tmp_path, "b.nt", line)
    # The same agreement, defined identically by two authoring files.
    c = write(tmp_path, "c.yaml", authoring(id="src-c"))
    d = write(tmp_path, "d.yaml", authoring(id="src-d"))
    assert validate_sources([a, a, b, c, d]) == []
    report = build([a, b, c, d], out=tmp_path / "out")
    assert report.entities["Agreement"] == 1
    g = open_graph(report.store)
    assert [str(o) for o in g.objects(URIRef("https://example.org/thing"), RDFS.label)] == ["Thing"]
    assert list(g.objects(URIRef("https://w3id.org/tradekg/id/agreement/ag"), RDFS.label)) == [
        Literal("An agreement", lang="en")]


# ---------------------------------------------------------------- Unicode

NFD_LABEL = unicodedata.normalize("NFD", "Accord de libre-échange Côte d’Ivoire–Inde")
ARABIC = "اتفاقيَّة التِّجارة الحُرَّة"  # with harakat (combining marks)
BIDI = "\u202eTrade\u202c \u2067deal\u2069"
RTL_TITLE = "مصدر عربي — عن التجارة"


@pytest.fixture(scope="module")
def unicode_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("unicode")
    (src / "u.yaml").write_text(f"""\
format: tradekg/1
source:
  id: unicode
  title: "{RTL_TITLE}"
  published: 2025-04-20
  text: u.txt
agreements:
  - id: ag-nfd
    label: "{NFD_LABEL}"
    parties: [India, Côte d'Ivoire]
  - id: ag-arabic
    label: "{ARABIC}"
    parties: [India, Egypt]
  - id: ag-bidi
    label: "{BIDI}"
    parties: [India, Israel]
claims:
  - id: d1
    kind: demand
    by: India
    to: Côte d'Ivoire
    demand_kind: market access
    quote: "L'Inde demande l'accès au marché."
    agreement: ag-nfd
""", encoding="utf-8")
    (src / "u.txt").write_text(f"{BIDI}. L'Inde demande l’accès au marché. {ARABIC}.", encoding="utf-8")
    out = src / "out"
    build([src / "u.yaml"], out=out)
    return out


def test_unicode_is_stored_exactly(unicode_build: Path) -> None:
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDFS

    from tradekg.graph.store.local import open_graph

    g = open_graph(unicode_build / "store")
    ag = "https://w3id.org/tradekg/id/agreement/"
    labels = {name: [str(o) for o in g.objects(URIRef(ag + name), RDFS.label)]
              for name in ("ag-nfd", "ag-arabic", "ag-bidi")}
    assert labels == {"ag-nfd": [NFD_LABEL], "ag-arabic": [ARABIC], "ag-bidi": [BIDI]}
    assert not unicodedata.is_normalized("NFC", labels["ag-nfd"][0])  # not normalised on the way in
    source = URIRef("https://w3id.org/tradekg/id/source/unicode")
    assert [str(o) for o in g.objects(source, DCTERMS.title)] == [RTL_TITLE]
    exported = (unicode_build / "tradekg.ttl").read_bytes().decode("utf-8")
    for text in (NFD_LABEL, ARABIC, BIDI, RTL_TITLE):
        assert f'"{text}' in exported


def test_unicode_quote_offsets_count_code_points(unicode_build: Path) -> None:
    from rdflib import URIRef

    from tradekg.graph.store.local import open_graph

    g = open_graph(unicode_build / "store")
    q = URIRef("https://w3id.org/tradekg/id/claim/unicode/d1/quote-1")
    tk = "https://w3id.org/tradekg/ontology#"
    text = f"{BIDI}. L'Inde demande l’accès au marché. {ARABIC}."
    start, end = (int(g.value(q, URIRef(tk + p))) for p in ("start", "end"))
    stored = str(g.value(q, URIRef(tk + "text")))
    # The quote used a straight apostrophe where the text has a curly one: the text's own is kept.
    assert stored == "L'Inde demande l’accès au marché."
    assert text[start:end] == stored
    assert start == len(BIDI) + 2


@pytest.mark.parametrize(("name", "iri"), [
    ("Accord de libre-échange Côte d’Ivoire–Inde", "ag-nfd"),  # NFC
    (NFD_LABEL, "ag-nfd"),
    ("accord de libre echange cote d'ivoire inde", "ag-nfd"),  # no accents, straight apostrophe
    ("اتفاقية التجارة الحرة", "ag-arabic"),  # without harakat
    (ARABIC, "ag-arabic"),
    ("Trade deal", "ag-bidi"),  # without the bidi controls
    (BIDI, "ag-bidi"),
])
def test_unicode_names_match_after_normalisation(name: str, iri: str, unicode_build: Path) -> None:
    from tradekg.graph.analysis.entities import resolve_entity
    from tradekg.graph.store.local import open_graph

    g = open_graph(unicode_build / "store")
    assert resolve_entity(g, name).iri == f"https://w3id.org/tradekg/id/agreement/{iri}"
    result = cli("entities", name, "--kind", "agreement", "--format", "json", "--store", str(unicode_build / "store"))
    assert_clean(result, 0, [])
    found = json.loads(result.stdout)
    assert [(e["id"], e["label"]) for e in found] == [
        (iri, {"ag-nfd": NFD_LABEL, "ag-arabic": ARABIC, "ag-bidi": BIDI}[iri])]


# ---------------------------------------------------------------- risky YAML

RISKY_YAML = {
    "anchor": ("format: tradekg/1\nsource: &src\n  id: x\n  title: y\nclaims: *src\n",
               "2: YAML anchors and aliases (& and *) are not allowed"),
    "alias-bomb": ('format: tradekg/1\na: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n',
                   "2: YAML anchors and aliases (& and *) are not allowed"),
    "python-tag": ("format: tradekg/1\nsource: !!python/object/apply:os.system ['true']\n",
                   "2: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "custom-tag": ("format: tradekg/1\nsource:\n  id: x\n  title: !secret y\n", "4: YAML tag '!secret' is not allowed"),
    "binary-tag": ("format: tradekg/1\nsource:\n  id: x\n  title: !!binary aGVsbG8=\n",
                   "4: YAML tag 'tag:yaml.org,2002:binary' is not allowed"),
    "duplicate-key": ("format: tradekg/1\nsource:\n  id: x\n  title: y\n  id: z\n", "5: duplicate key 'id'"),
    "two-documents": ("format: tradekg/1\n---\nformat: tradekg/1\n",
                      "2: one YAML document per file (found a second '---')"),
    "merge-key": ("format: tradekg/1\nsource:\n  <<: {id: x}\n  title: y\n",
                  "3: YAML tag 'tag:yaml.org,2002:merge' is not allowed"),
}


@pytest.mark.parametrize("case", RISKY_YAML, ids=str)
def test_risky_yaml_is_refused(case: str, tmp_path: Path) -> None:
    text, where = RISKY_YAML[case]
    path = write(tmp_path, "risky.yaml", text)
    check_refused(path, [f"{path}:{where}"], tmp_path)


def test_norway_stays_a_string(tmp_path: Path) -> None:
    from rdflib import URIRef

    from tradekg.graph.store.local import open_graph

    path = write(tmp_path, "no.yaml", authoring())  # parties: [India, NO]; to: NO
    report = build([path], out=tmp_path / "out")
    g = open_graph(report.store)
    tk = "https://w3id.org/tradekg/ontology#"
    claim = URIRef("https://w3id.org/tradekg/id/claim/src/d1")
    assert [str(o) for o in g.objects(claim, URIRef(tk + "addressedTo"))] == ["https://w3id.org/tradekg/id/party/NO"]
    agreement = URIRef("https://w3id.org/tradekg/id/agreement/ag")
    parties = sorted(str(o) for o in g.objects(agreement, URIRef(tk + "hasParty")))
    assert parties == ["https://w3id.org/tradekg/id/party/IN", "https://w3id.org/tradekg/id/party/NO"]


@pytest.mark.parametrize("word", ["no", "yes", "off", "on", "NO", "Yes"])
def test_yaml_1_1_booleans_stay_strings(word: str, tmp_path: Path) -> None:
    from tradekg.graph.sources.yamlio import load_yaml

    assert load_yaml(f"draft: {word}\nlist: [{word}]\n", "x.yaml") == {"draft": word, "list": [word]}
    path = write(tmp_path, "a.yaml", authoring().replace("format: tradekg/1\n", f"format: tradekg/1\ndraft: {word}\n"))
    check_refused(path, [f"{path}:2: 'draft' must be true or false"], tmp_path)
