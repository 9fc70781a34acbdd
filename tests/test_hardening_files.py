"""Issue 18, items 1, 4, 5, 11 and 17 (RELIABILITY.md, "Files that are not regular files" and
"Output and concurrency"): what ``-o`` does with a device, a FIFO, a symlink, ``-`` and a
missing folder; devices and FIFOs as inputs; where a source's ``text:`` may point.

The tests that would hang or fill memory without their fix are guarded: a FIFO read has a
pytest timeout, an endless device is read under an address-space limit.
"""

from __future__ import annotations

import contextlib
import os
import resource
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tradekg.cli.main import main
from tradekg.graph.build.pipeline import validate_sources
from tradekg.graph.core.errors import UsageError

pytestmark = pytest.mark.timeout(60)

ROOT = os.geteuid() == 0

SOURCE = """\
format: tradekg/1
source:
  id: src
  title: A source
  published: 2025-04-20
  text: {text}
agreements:
  - id: ag
    label: An agreement
    parties: [India, NO]
claims:
  - id: d1
    kind: demand
    by: India
    to: NO
    demand_kind: technology access
    quote: "{quote}"
    agreement: ag
"""


def cli(*args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(main, list(args), **kwargs)  # type: ignore[arg-type]


def source(folder: Path, text: str, quote: str = "India asks Norway for technology access.") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "a.yaml"
    path.write_text(SOURCE.format(text=text, quote=quote), encoding="utf-8")
    return path


@contextlib.contextmanager
def memory_guard(extra: int = 1 << 30) -> Iterator[None]:
    """Limit this process's address space to what it uses now plus ``extra`` bytes, so that an
    unbounded read raises MemoryError instead of taking the machine."""
    with open("/proc/self/status", encoding="ascii") as status:
        vm = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (vm + extra, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def mknod_char(path: Path, major: int, minor: int) -> None:
    """A character device node at ``path`` (a private /dev/null or /dev/full: replacing it harms nothing)."""
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))


# ------------------------------------------------------------------ item 1: -o onto special files


@pytest.fixture(scope="module")
def nt_text(seed_built: Path) -> bytes:
    result = cli("export", "--format", "nt", "--store", str(seed_built / "store"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.count(b"\n") > 100
    return result.stdout_bytes


def test_output_dash_is_stdout(seed_built: Path, nt_text: bytes, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("export", "--format", "nt", "-o", "-", "--store", str(seed_built / "store"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == nt_text
    assert list(tmp_path.iterdir()) == []  # no file named '-'
    result = cli("view", "--focus", "India", "-o", "-", "--store", str(seed_built / "store"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>") or result.stdout.lstrip().lower().startswith("<!doctype html")
    assert result.stdout.rstrip().endswith("</html>")
    assert list(tmp_path.iterdir()) == []


def test_output_fifo_is_written_to_not_replaced(seed_built: Path, nt_text: bytes, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli("export", "--format", "nt", "-o", str(fifo), "--store", str(seed_built / "store"))
    reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got == [nt_text]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary left


def test_output_symlink_is_followed(seed_built: Path, nt_text: bytes, tmp_path: Path) -> None:
    real = tmp_path / "real" / "graph.nt"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    link = tmp_path / "link.nt"
    link.symlink_to(real)
    result = cli("export", "--format", "nt", "-o", str(link), "--store", str(seed_built / "store"))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == nt_text
    assert sorted(p.name for p in real.parent.iterdir()) == ["graph.nt"]


def test_ingest_output_symlink_is_followed(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("India asks the United States for technology access.\n", encoding="utf-8")
    real = tmp_path / "drafts" / "a.yaml"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "a.yaml"
    link.symlink_to(real)
    result = cli("ingest", str(article), "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    draft = real.read_text(encoding="utf-8")
    assert "\nformat: tradekg/1\n" in draft
    assert "\n  text: ../article.txt\n" in draft  # relative to where the draft really is


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_output_character_device_is_written_to_not_replaced(seed_built: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"
    mknod_char(null, 1, 3)  # a private /dev/null
    for args in (["export", "--format", "ttl"], ["view", "--focus", "India"]):
        result = cli(*args, "-o", str(null), "--store", str(seed_built / "store"))
        assert result.exit_code == 0, result.stderr
        assert stat.S_ISCHR(os.lstat(null).st_mode), args
    full = tmp_path / "full"
    mknod_char(full, 1, 7)  # a private /dev/full: the write fails, and says so
    result = cli("export", "--format", "ttl", "-o", str(full), "--store", str(seed_built / "store"))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "null"]


def test_output_socket_is_refused(seed_built: Path, tmp_path: Path) -> None:
    import socket

    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = cli("export", "--format", "nt", "-o", str(path), "--store", str(seed_built / "store"))
    assert result.exit_code == 2
    assert result.stderr == f"tradekg: {path}: is a socket; give a regular file, a character device or a FIFO\n"
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


# ------------------------------------------------------------------ item 17: a missing folder


def test_missing_output_folder_is_one_error_for_every_command(seed_built: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("India asks the United States for technology access.\n", encoding="utf-8")
    missing = tmp_path / "no" / "such"
    store = str(seed_built / "store")
    for args, name in ((["view", "--focus", "India", "--store", store], "x.html"),
                       (["export", "--format", "ttl", "--store", store], "x.ttl"),
                       (["ingest", str(article)], "x.yaml")):
        target = missing / name
        result = cli(*args, "-o", str(target))
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr == f"tradekg: {target}: no such folder {missing}\n", args
        assert not (tmp_path / "no").exists(), args


# ------------------------------------------------------------------ items 4 and 5: special files as input


def test_endless_device_as_input_is_refused(tmp_path: Path) -> None:
    from tradekg.graph.core.files import read_bytes

    with memory_guard(), pytest.raises(UsageError) as refused:
        read_bytes("/dev/zero", 1024)
    assert str(refused.value) == "/dev/zero: is a character device, not a regular file"
    with memory_guard():
        result = cli("ingest", "/dev/zero")
    assert (result.exit_code, result.stderr) == (2, "tradekg: /dev/zero: is a character device, not a regular file\n")
    link = tmp_path / "corpus.ttl"
    link.symlink_to("/dev/zero")
    with memory_guard():
        result = cli("validate", str(link))
    assert result.exit_code in (1, 2)
    assert f"{link} (/dev/zero): is a character device, not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.timeout(20)
def test_fifo_as_input_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    result = cli("ingest", str(fifo))
    assert (result.exit_code, result.stderr) == (2, f"tradekg: {fifo}: is a FIFO, not a regular file\n")
    folder = tmp_path / "src"
    path = source(folder, "fifo")
    os.mkfifo(folder / "fifo")
    assert [str(p) for p in validate_sources([path])] == [
        f"{path}:6: source text 'fifo': {folder / 'fifo'}: is a FIFO, not a regular file"]


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_device_as_source_text_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    path = source(folder, "zero")
    mknod_char(folder / "zero", 1, 5)  # a private /dev/zero inside the source's folder
    with memory_guard():
        problems = [str(p) for p in validate_sources([path])]
    assert problems == [f"{path}:6: source text 'zero': {folder / 'zero'}: is a character device, not a regular file"]


# ------------------------------------------------------------------ item 11: where text: may point


def test_source_text_outside_its_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("India asks Norway for technology access.\n", encoding="utf-8")  # the quote matches it
    folder = tmp_path / "corpus" / "src"
    folder.mkdir(parents=True)
    (folder / "inside.txt").symlink_to(secret)
    up = "../../secret.txt"
    cases = {
        up: f"{folder / up}: resolves to {secret}, outside the source's folder {folder} "
            "(set TRADEKG_TEXTS to the folders its texts may also be in)",
        str(secret): f"{secret}: is an absolute path; name a file inside the source's folder {folder}",
        "inside.txt": f"{folder / 'inside.txt'}: resolves to {secret}, outside the source's folder {folder} "
                      "(set TRADEKG_TEXTS to the folders its texts may also be in)",
        "../../../../../../../../etc/passwd": None,
    }
    for text, reason in cases.items():
        quote = "root:x:0:0" if "passwd" in text else "India asks Norway for technology access."
        path = source(folder, text, quote=quote)
        problems = [str(p) for p in validate_sources([path])]
        assert len(problems) == 1, problems
        if reason is None:
            assert "outside the source's folder" in problems[0] and "/etc/passwd" in problems[0]
        else:
            assert problems == [f"{path}:6: source text {text!r}: {reason}"]
        result = cli("build", "--sources", str(path), "--out", str(tmp_path / "out"))
        assert result.exit_code == 1
        assert not (tmp_path / "out" / "tradekg.ttl").exists()


def test_source_text_in_a_named_folder_or_below_its_own_is_read(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("India asks Norway for technology access.\n", encoding="utf-8")
    folder = tmp_path / "src"
    path = source(folder, "../texts/a.txt")
    assert len(validate_sources([path])) == 1
    monkeypatch.setenv("TRADEKG_TEXTS", str(texts))
    assert [str(p) for p in validate_sources([path]) if p.severity == "error"] == []
    monkeypatch.delenv("TRADEKG_TEXTS")
    (folder / "sub").mkdir()
    (folder / "sub" / "a.txt").write_text("India asks Norway for technology access.\n", encoding="utf-8")
    path = source(folder, "sub/a.txt")
    assert [str(p) for p in validate_sources([path]) if p.severity == "error"] == []


def test_ingest_says_how_a_text_outside_the_drafts_folder_is_read(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "article.txt"
    article.write_text("India asks the United States for technology access.\n", encoding="utf-8")
    draft = tmp_path / "drafts" / "a.yaml"
    draft.parent.mkdir()
    result = cli("ingest", str(article), "-o", str(draft))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (f"tradekg: note: the text is outside the draft's folder; validate and "
                                              f"build read it only with TRADEKG_TEXTS={tmp_path}")
    reviewed = draft.read_text(encoding="utf-8").replace("draft: true", "draft: false")
    draft.write_text(reviewed, encoding="utf-8")
    refused = cli("validate", str(draft))
    assert refused.exit_code == 1 and "outside the source's folder" in refused.stderr
    monkeypatch.setenv("TRADEKG_TEXTS", str(tmp_path))
    assert cli("validate", str(draft)).exit_code == 0


def test_output_to_dev_stdout_writes_to_the_pipe_or_the_redirected_file(seed_built: Path, nt_text: bytes,
                                                                         tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    exe = shutil.which("tradekg") or str(Path(sys.executable).with_name("tradekg"))
    args = [exe, "export", "--format", "nt", "-o", "/dev/stdout", "--store", str(seed_built / "store")]
    piped = subprocess.run(args, capture_output=True, timeout=120)
    assert (piped.returncode, piped.stderr) == (0, b"")
    assert piped.stdout == nt_text  # resolved, /dev/stdout names "pipe:[…]", no file to replace
    log = tmp_path / "log.nt"
    log.write_bytes(b"kept\n")
    with open(log, "ab") as appended:  # `>> log.nt`: appended to, neither replaced nor truncated
        assert subprocess.run(args, stdout=appended, timeout=120).returncode == 0
    assert log.read_bytes() == b"kept\n" + nt_text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.nt"]
