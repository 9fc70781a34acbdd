"""`tradekg ingest` as a user runs it: drafts that validate once reviewed, JSON for scripts, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.sources.discovery import bundled_sources

SEED = next(p for p in bundled_sources() if p.stem == "india-us-bta-tech-parity").with_suffix(".txt")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    shutil.copy(SEED, path)
    return path


def reviewed(draft: Path) -> Path:
    """The draft with its 'draft: true' turned off, and no other edit."""
    text = draft.read_text(encoding="utf-8")
    assert "\ndraft: true\n" in text
    out = draft.with_name("reviewed.yaml")
    out.write_text(text.replace("\ndraft: true\n", "\ndraft: false\n"), encoding="utf-8")
    return out


# ---------------------------------------------------------------- the seed article end to end


def test_seed_draft_is_refused_as_a_draft_then_validates_once_reviewed(article: Path) -> None:
    draft = article.with_name("draft.yaml")
    code, out, err = run("ingest", str(article), "-o", str(draft), "--date", "2025-04-20",
                         "--publisher", "Example News", "--url", "https://example.org/a")
    assert code == 0, err
    assert out == ""
    assert err.splitlines() == [
        f"tradekg: 30 sentences, 109 linked mentions, 1 unlinked names, 0 unlinked amounts, 2 dates, "
        f"18 candidate claims; "
        f"written to {draft}",
        "tradekg: this is a draft: review it, set 'draft: false', then run `tradekg validate` on it",
    ]
    code, out, err = run("validate", str(draft))
    assert code == 1
    assert f"{draft}:6: this is an unreviewed draft: review it, then set 'draft: false'" in err
    code, out, err = run("validate", str(reviewed(draft)))
    # What the text does not say stays unsaid: the two figures' coverage and kind of period
    # are warned of (as they are for the bundled seed), nothing else.
    assert code == 0
    warned = sorted((line.split(": warning: ")[0].rsplit(":", 1)[1], line.rsplit("[", 1)[1])
                    for line in err.splitlines())
    assert [w for _, w in warned] == ["tk:periodKind]", "tk:coverage]", "tk:periodKind]", "tk:coverage]",
                                      "tk:periodKind]"]  # coverage is asked of money figures only
    assert out == f"ok: no errors ({len(warned)} warnings)\n"


def test_seed_draft_names_source_agreement_and_text(article: Path) -> None:
    from tradekg.graph.sources.authoring.format import read_authoring

    draft = article.with_name("draft.yaml")
    assert run("ingest", str(article), "-o", str(draft), "--title", "Parity", "--id", "seed-1")[0] == 0
    af = read_authoring(draft)
    assert af.is_draft
    source = af.data["source"]
    assert dict(source) == {"id": "seed-1", "kind": "article", "title": "Parity", "language": "en",
                            "text": "article.txt", "agreement": "india-us-bta"}
    assert [a["id"] for a in af.data["agreements"]] == ["india-us-bta"]
    kinds = [c["kind"] for c in af.data["claims"]]
    assert {k: kinds.count(k) for k in sorted(set(kinds))} == {
        "alternative": 2, "concern": 5, "demand": 3, "event": 3, "status": 2, "trade-figure": 3}
    assert all(0 < c["confidence"] <= 1 for c in af.data["claims"])


def test_draft_beside_another_folder_names_the_text_relative_to_itself(article: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    draft = tmp_path / "drafts" / "a.yaml"
    draft.parent.mkdir()
    monkeypatch.setenv("TRADEKG_TEXTS", str(tmp_path))  # the text is outside the draft's folder
    assert run("ingest", str(article), "-o", str(draft))[0] == 0
    assert "\n  text: ../article.txt\n" in draft.read_text(encoding="utf-8")
    code, _, err = run("validate", str(reviewed(draft)))
    assert code == 0, err


def test_json_for_scripts(article: Path) -> None:
    code, out, err = run("ingest", str(article), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    text = article.read_text(encoding="utf-8")
    assert set(data) == {"source", "agreements", "sentences", "mentions", "claims", "reference", "times", "amounts",
                         "unlinked_amounts", "measures", "instruments", "blocs"}
    for s in data["sentences"]:
        assert text[s["start"]:s["end"]] == s["text"]
    assert len(data["mentions"]) == 110
    for m in data["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
        assert set(m) >= {"text", "start", "end", "sentence", "entity"}
        assert m["entity"] is None or set(m["entity"]) == {"iri", "label", "kind"}
    assert data["mentions"][1] == {
        "text": "Bilateral Trade Agreement", "start": 58, "end": 83, "sentence": 1,
        "entity": {"iri": "https://w3id.org/tradekg/id/agreement/india-us-bta",
                   "label": "India–US Bilateral Trade Agreement", "kind": "agreement"}}
    assert [m["text"] for m in data["mentions"] if m["entity"] is None] == ["ToRs"]
    # Amounts and dates with their words, offsets and values; which claim field took each.
    for item in data["amounts"] + data["times"]:
        assert text[item["start"]:item["end"]] == item["text"]
    assert [(a["text"], a["kind"], a["value"], a["currency"], a["scale"]) for a in data["amounts"]] == [
        ("largest", "rank", 1, None, None), ("fourth", "rank", 4, None, None),
        ("USD 131.84 billion", "money", 131.84, "USD", "billion"),
        ("USD 41.18 billion", "money", 41.18, "USD", "billion"),
        ("90-day", "duration", 90, None, None)]
    assert [(t["text"], t["value"]) for t in data["times"]] == [("2024-25", "2024-04-01/2025-03-31"),
                                                               ("2024-25", "2024-04-01/2025-03-31")]
    assert data["unlinked_amounts"] == []  # every amount went into a claim (rank, run, values, duration)
    for c in data["claims"]:
        assert text[c["start"]:c["end"]] == c["quote"]
        assert set(c) >= {"kind", "quote", "start", "end", "confidence"}
    figures = {c["id"]: c for c in data["claims"] if c["kind"] == "trade-figure"}
    assert figures["bilateral-trade-2024-25"]["value"] == 131.84
    balance = figures["trade-balance-2024-25"]
    assert [(a["field"], a["text"], a["value"]) for a in balance["amounts"]] == [
        ("value", "USD 41.18 billion", "USD 41.18 billion")]
    assert [(d["field"], d["text"], d["value"]) for d in balance["dates"]] == [
        ("period", "2024-25", "2024-04-01/2025-03-31")]
    assert figures["trade-balance-2024-25"]["value"] == 41.18
    assert figures["trading-partner-rank-2024-25"]["value"] == 1
    demand = next(c for c in data["claims"] if c["id"] == "india-technology-access")
    assert demand["hedge"] == ["is set to", "is expected to", "may"]
    assert demand["parity_with"] == ["Australia", "United Kingdom", "Japan"]


def test_output_is_deterministic(article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(article.parent)
    first = run("ingest", str(article))[1]
    assert first == run("ingest", str(article))[1]
    assert first.startswith("# Draft written by `tradekg ingest` from article.txt")


def test_no_socket_is_opened(article: Path) -> None:
    probe = textwrap.dedent(f"""
        import sys
        def deny(event, args):
            if event.startswith(("socket.", "urllib.", "http.")):
                raise SystemExit(f"network: {{event}}")
        sys.addaudithook(deny)
        from tradekg.cli.main import main
        main(["ingest", {str(article)!r}, "--format", "json"])
    """)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claims"]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(("content", "message"), [
    (b"", "file is empty"),
    (b"  \n\n \t\n", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file is binary, not text"),
    ("India seeks caf\u00e9 access.".encode("latin-1"), ":1: not valid UTF-8 (byte 0xe9 at offset 15)"),
    ("India".encode("utf-16"), ":1: file is UTF-16; save it as UTF-8"),
])
def test_unreadable_text_is_one_line_and_exit_1(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    draft = tmp_path / "draft.yaml"
    draft.write_text("previous\n", encoding="utf-8")
    code, out, err = run("ingest", str(path), "-o", str(draft))
    assert code == 1
    assert out == ""
    assert err == f"tradekg: {path}{message if message.startswith(':') else ': ' + message}\n"
    assert draft.read_text(encoding="utf-8") == "previous\n"  # nothing lost
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "draft.yaml"]  # no temp file left


@pytest.mark.parametrize(("args", "message"), [
    (["missing.txt"], "missing.txt: no such file"),
    (["."], ".: is a directory, not a file"),
    (["{article}", "--url", "ftp://x"], "--url 'ftp://x' is not an http(s) URL"),
    (["{article}", "--id", "a b"], "--id 'a b' may only hold letters, digits, '.', '_' and '-'"),
])
def test_usage_errors_exit_2(article: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(article.parent)
    code, _, err = run("ingest", *[a.replace("{article}", str(article)) for a in args])
    assert code == 2
    assert err == f"tradekg: {message}\n"


def test_bad_date_is_a_usage_error(article: Path) -> None:
    code, _, err = run("ingest", str(article), "--date", "2025-13-45")
    assert code == 2
    assert "Invalid value for '--date'" in err


def test_authoring_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("format: tradekg/1\n", encoding="utf-8")
    code, _, err = run("ingest", str(path))
    assert code == 1
    assert err == f"tradekg: {path}: this is an authoring file; ingest reads the article's plain text\n"


def test_text_with_no_known_entity_gives_an_empty_draft_that_validates(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("A Note On Nothing In Particular\n\nThe weather was mild. Nobody signed anything.\n",
                    encoding="utf-8")
    draft = tmp_path / "plain.yaml"
    code, _, err = run("ingest", str(path), "-o", str(draft))
    assert code == 0, err
    text = draft.read_text(encoding="utf-8")
    assert "\nclaims: []\n" in text
    assert "  title: A Note On Nothing In Particular\n" in text
    code, _, err = run("validate", str(reviewed(draft)))
    assert code == 0, err


@pytest.mark.timeout(300)  # a guard against pathological (quadratic) behaviour, not a speed test
def test_five_megabyte_text_in_bounded_time(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    filler = "Officials met again and spoke at length about the weather, the trains and lunch. " * 40
    chunk = seed + "\n\n" + filler + "\n\n" + "India seeks " * 300 + "\n\n"
    path = tmp_path / "big.txt"
    path.write_text((chunk * (5_000_000 // len(chunk) + 1))[:5_000_000], encoding="utf-8")
    assert path.stat().st_size >= 5_000_000
    draft = tmp_path / "big.yaml"
    code, _, err = run("ingest", str(path), "-o", str(draft))
    assert code == 0, err
    from tradekg.graph.sources.authoring.format import read_authoring

    claims = read_authoring(draft).data["claims"]
    # Repeated paragraphs merge into the claims of one copy, each now quoting every copy.
    assert len(claims) == 18
    assert len(claims[0]["quotes"]) > 100


def test_quotes_survive_yaml_round_trip(tmp_path: Path) -> None:
    tricky = ('India is set to press the US: "NO" # not a comment, \'yes\' & {braces} @at '
              "`tick` \u202eRTL\u202c and Cafe\u0301 access to chips, on par with Japan.")
    path = tmp_path / "tricky.txt"
    path.write_text(tricky + "\n", encoding="utf-8")
    draft = tmp_path / "tricky.yaml"
    assert run("ingest", str(path), "-o", str(draft))[0] == 0
    from tradekg.graph.sources.authoring.format import read_authoring

    (claim,) = read_authoring(draft).data["claims"]
    assert claim["quote"] == tricky
    code, _, err = run("validate", str(reviewed(draft)))
    assert code == 0, err


def test_help_has_an_example() -> None:
    code, out, _ = run("ingest", "--help")
    assert code == 0
    assert "tradekg ingest article.txt --date 2025-04-20" in out
