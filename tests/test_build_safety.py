"""RELIABILITY.md, "Output and concurrency": a build that fails, is interrupted or killed leaves the
previous output as it was; two builds of one folder take turns; output is UTF-8 whatever the locale.

"As it was" means: ``store`` points at the same generation, whose files are byte-for-byte the
same, ``tradekg.ttl`` is byte-for-byte the same, and no temporary file or extra store is left.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.build import pipeline as build_module
from tradekg.graph.build.pipeline import build
from tradekg.graph.core.errors import TradekgError, ValidationFailed

pytestmark = pytest.mark.timeout(120)  # guards against a hang; nothing here asserts a duration

TRADEKG = str(Path(sys.executable).parent / "tradekg")

SMALL = """\
format: tradekg/1
source:
  id: small
  title: "Petit article — exporté"
  published: 2025-04-20
agreements:
  - id: ag
    label: Accord d’essai
    parties: [India, Norway]
claims:
  - id: ask
    kind: demand
    by: India
    to: Norway
    demand_kind: technology access
    quote: "L’Inde demande l’accès à la technologie."
    agreement: ag
"""


def small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def big_corpus(folder: Path, triples: int = 20_000, width: int = 2_000) -> Path:
    """An N-Triples file whose storing and export take long enough to be interrupted mid-way."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.nt"
    filler = "x" * width
    with path.open("w", encoding="utf-8") as f:
        for i in range(triples):
            f.write(f'<https://example.org/s{i}> <https://example.org/p> "{filler} {i}" .\n')
    return path


def snapshot(out: Path) -> dict[str, object]:
    """What must not change: the published generation, its files' bytes, the Turtle's bytes,
    and the names of everything in the output folder."""
    link = out / "store"
    generation = link.resolve()
    files = {str(p.relative_to(generation)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(generation.rglob("*")) if p.is_file()}
    return {
        "link": os.readlink(link),
        "store": files,
        "turtle": hashlib.sha256((out / "tradekg.ttl").read_bytes()).hexdigest(),
        "listing": sorted(str(p.relative_to(out)) for p in out.rglob("*") if generation not in p.parents),
    }


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if ".tmp-" in p.name)


def generations(out: Path) -> list[str]:
    """The store folders under ``.stores`` (each complete one has its manifest beside it)."""
    return sorted(p.name for p in (out / ".stores").iterdir() if p.is_dir())


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    """An output folder holding one good build, and its snapshot."""
    out = tmp_path / "out"
    build([small_corpus(tmp_path / "small")], out=out)
    assert (out / "store").is_symlink()
    return out, snapshot(out)


def test_snapshot_sees_a_change(previous: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    """The comparison below can fail: a successful rebuild changes the link and the store."""
    out, before = previous
    build([small_corpus(tmp_path / "small")], out=out, full=True)
    after = snapshot(out)
    assert after["link"] != before["link"]
    assert after["turtle"] == before["turtle"]  # the same corpus exports the same Turtle


# ---------------------------------------------------------------- failures in-process


def test_source_error_leaves_previous_output(previous: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    out, before = previous
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("by: India", "by: Atlantis"), encoding="utf-8")
    with pytest.raises(ValidationFailed):
        build([bad], out=out)
    result = CliRunner().invoke(main, ["build", "--sources", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_qc_error_leaves_previous_output(previous: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    """A problem found only once the new store is written (QC over the merged store)."""
    out, before = previous
    clash = tmp_path / "clash.ttl"
    clash.write_text('<https://w3id.org/tradekg/id/agreement/ag> <http://www.w3.org/2000/01/rdf-schema#label> '
                     '"Autre nom"@fr , "Another name"@fr .\n', encoding="utf-8")
    with pytest.raises(ValidationFailed):
        build([small_corpus(tmp_path / "small"), clash], out=out)
    assert snapshot(out) == before
    assert leftovers(out) == []
    assert generations(out) == [before["link"].rsplit("/", 1)[-1]]  # type: ignore[union-attr]


class _BrokenWriter:
    """Passes the first chunk to the real file, then fails as a full disk would; records the
    temporary files beside the target at that moment."""

    def __init__(self, handle, target: Path, error: BaseException, seen: list[Path]) -> None:
        self.handle, self.target, self.error, self.seen = handle, target, error, seen

    def write(self, data: bytes) -> int:
        self.handle.write(data)
        self.handle.flush()
        self.seen.extend(sorted(self.target.parent.glob(f".{self.target.name}.tmp-*")))
        raise self.error

    def flush(self) -> None:
        self.handle.flush()


@pytest.fixture
def broken_export(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Path], list[BaseException]]:
    """Make the Turtle export fail after part of it was written (the error is appended by the test)."""
    real = build_module.atomic_output
    seen: list[Path] = []
    error: list[BaseException] = []

    @contextlib.contextmanager
    def failing(path, mode="w"):
        with real(path, mode) as handle:
            yield _BrokenWriter(handle, Path(path), error[0], seen)

    monkeypatch.setattr(build_module, "atomic_output", failing)
    return seen, error


@pytest.mark.parametrize("error", [RuntimeError("serializer failed"), OSError(errno.ENOSPC, "No space left on device")],
                         ids=["exception", "disk-full"])
def test_export_failure_leaves_previous_output(error: BaseException, previous, broken_export, tmp_path: Path) -> None:
    out, before = previous
    seen, errors = broken_export
    errors.append(error)
    with pytest.raises(type(error)):
        build([small_corpus(tmp_path / "small")], out=out, full=True)
    temporaries = set(seen)
    assert len(temporaries) == 1  # the export did start: a partial temp file beside its target...
    temporary = temporaries.pop()
    assert temporary.parent == out
    assert not temporary.exists()  # ...which is gone
    assert snapshot(out) == before
    assert leftovers(out) == []
    assert generations(out) == [before["link"].rsplit("/", 1)[-1]]


def test_disk_full_is_one_line_in_the_cli(previous, broken_export, tmp_path: Path) -> None:
    out, before = previous
    _, errors = broken_export
    errors.append(OSError(errno.ENOSPC, "No space left on device"))
    result = CliRunner().invoke(main, ["build", "--full", "--sources", str(small_corpus(tmp_path / "small")),
                                       "--out", str(out)])
    assert isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["tradekg: No space left on device"]
    assert snapshot(out) == before


# ---------------------------------------------------------------- interrupted and killed builds


_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_build_left_running() -> Iterator[None]:
    """A failed assertion must not leave a build process behind."""
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=60)


def _start_build(sources: Path, out: Path) -> subprocess.Popen[str]:
    # --full: the same corpus again must still make (and publish) a new store
    # (SIGINT as a terminal delivers it, even when this run was started where it is ignored, as
    # a background job of a script is: Python leaves an ignored SIGINT ignored)
    process = subprocess.Popen([TRADEKG, "build", "--full", "--sources", str(sources), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    _STARTED.append(process)
    return process


def _wait_for(process: subprocess.Popen[str], condition, what: str, limit: float = 60.0) -> None:
    """Poll ``condition`` until it holds; fail if the process ends first (too fast to interrupt)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert process.poll() is None, f"the build ended before {what}: {process.communicate()}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.002)


def test_ctrl_c_during_storing_leaves_previous_output(previous, tmp_path: Path) -> None:
    out, before = previous
    process = _start_build(big_corpus(tmp_path / "big"), out)
    _wait_for(process, lambda: len(generations(out)) > 1, "the new store was created")
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.splitlines() == ["tradekg: interrupted"]
    assert snapshot(out) == before
    assert leftovers(out) == []
    assert generations(out) == [before["link"].rsplit("/", 1)[-1]]


def test_kill_during_export_leaves_previous_output(previous, tmp_path: Path) -> None:
    out, before = previous
    process = _start_build(big_corpus(tmp_path / "big"), out)
    # The page's temporary file is opened just before the Turtle's: wait for the latter.
    _wait_for(process, lambda: any(n.startswith(".tradekg.ttl.tmp-") for n in leftovers(out)), "the export started")
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    # The killed build had no chance to clean up: its temp file(s) and its store are still there...
    assert any(name.startswith(".tradekg.ttl.tmp-") for name in leftovers(out)), leftovers(out)
    killed = [g for g in generations(out) if g != before["link"].rsplit("/", 1)[-1]]
    assert len(killed) == 1
    # ...but what readers see is the previous build, untouched.
    assert os.readlink(out / "store") == before["link"]
    assert hashlib.sha256((out / "tradekg.ttl").read_bytes()).hexdigest() == before["turtle"]
    assert {k: v for k, v in snapshot(out).items() if k != "listing"} == {
        k: v for k, v in before.items() if k != "listing"}
    # The next build removes what the killed one left, keeping the previous store for readers.
    build([small_corpus(tmp_path / "small")], out=out, full=True)
    assert leftovers(out) == []
    previous_generation = before["link"].rsplit("/", 1)[-1]
    current = os.readlink(out / "store").rsplit("/", 1)[-1]
    assert generations(out) == sorted([previous_generation, current])
    assert current not in (previous_generation, killed[0])


# ---------------------------------------------------------------- two builds at once


@contextlib.contextmanager
def holding_lock(out: Path) -> Iterator[None]:
    """Hold ``out``'s build lock the way another build would."""
    fd = os.open(out / ".build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def test_second_build_waits_for_the_lock(previous, tmp_path: Path) -> None:
    from tradekg.graph.store.local import open_graph, triple_count

    out, before = previous
    with holding_lock(out):
        process = _start_build(small_corpus(tmp_path / "small"), out)
        assert process.stderr is not None
        line = process.stderr.readline()  # blocks until the build says it waits (or ends)
        assert line == f"waiting for another build of {out} to finish\n"
        assert process.poll() is None
        assert snapshot(out) == before
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert stderr == ""
    assert os.readlink(out / "store") != before["link"]
    g = open_graph(out / "store")
    assert triple_count(g) == int(stdout.split()[1].replace(",", ""))  # "Built N triples in ..."


def test_second_build_can_fail_fast(previous, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, before = previous
    with holding_lock(out), pytest.raises(TradekgError) as failed:
        build([small_corpus(tmp_path / "small")], out=out, lock_wait=1)
    assert str(failed.value) == f"{out}: another build holds the lock for 1 s; giving up"
    assert capsys.readouterr().err == f"waiting for another build of {out} to finish\n"
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_two_builds_at_once_give_a_valid_store(previous, tmp_path: Path) -> None:
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    from tradekg.graph.store.local import open_graph

    out, _ = previous
    sources = small_corpus(tmp_path / "small")
    processes = [_start_build(sources, out) for _ in range(2)]
    results = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    assert leftovers(out) == []
    assert len(generations(out)) == 2  # the published one and the one before it
    g = open_graph(out / "store")
    assert [str(o) for o in g.objects(URIRef("https://w3id.org/tradekg/id/agreement/ag"), RDFS.label)] == [
        "Accord d’essai"]


# ---------------------------------------------------------------- encoding


def test_output_is_utf8_under_the_c_locale(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON"))}
    # PYTHONUTF8=0: otherwise Python switches itself to UTF-8 under the C locale, and the test
    # could not see a write that relies on the locale's encoding.
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8="0")
    check = subprocess.run([sys.executable, "-c", "import locale, sys; print(locale.getpreferredencoding(False), "
                            "sys.flags.utf8_mode)"], env=env, capture_output=True, text=True, check=True)
    assert check.stdout.split() == ["ANSI_X3.4-1968", "0"]
    out = tmp_path / "out"
    done = subprocess.run([TRADEKG, "build", "--sources", str(small_corpus(tmp_path / "small")), "--out", str(out)],
                          env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    turtle = (out / "tradekg.ttl").read_bytes().decode("utf-8")
    for text in ("Petit article — exporté", "Accord d’essai", "L’Inde demande l’accès à la technologie."):
        assert f'"{text}"' in turtle
    assert "Petit article — exporté".encode() in done.stdout
