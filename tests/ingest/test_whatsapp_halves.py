"""A large WhatsApp export read in two halves on two cores gives the one-pass table, exactly.

The halves path only runs for big files in a process without other threads; here it is called
directly (``find_cut`` + ``table_in_halves``) on every fixture and on generated exports, cut at
headers anywhere in the file, and compared with the one-pass scan. Problems in either half
must make it step aside (``None``), so the one-pass scan reports them as it always does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.ingest.test_table import GOLDENS, _case_id, _fixture_and_options, whatsapp_exports

from tandem.errors import TandemError
from tandem.ingest import _whatsapp_halves as halves
from tandem.ingest import load_table, whatsapp
from tandem.ingest._source import Source

WHATSAPP_GOLDENS = [g for g in GOLDENS if g.parent.name == "whatsapp"]


def _one_pass(path: Path, **options: Any) -> pa.Table | None:
    try:
        return whatsapp._scan(
            Source(path), options.get("dayfirst"), options.get("partners"), table=True
        ).finish_table()
    except TandemError:
        return None


def _cuts(path: Path) -> list[int]:
    """Every place the file may be cut: before each header after the first line."""
    source = Source(path)
    scanner, _ = whatsapp._scanner(source)
    raw = path.read_bytes()
    cuts: list[int] = []
    after = 1
    while (cut := halves.find_cut(source, scanner, after)) is not None:
        assert not cuts or cut > cuts[-1], f"cut {cut} found again from byte {after}"
        cuts.append(cut)
        after = raw.index(b"\n", cut) + 2  # the line after this break
    return cuts


def _in_halves(path: Path, cut: int, **options: Any) -> pa.Table | None:
    source = Source(path)
    scanner, ios = whatsapp._scanner(source)
    return halves.table_in_halves(
        source,
        scanner,
        ios,
        cut,
        dayfirst=options.get("dayfirst"),
        partners=options.get("partners"),
    )


@pytest.mark.parametrize("golden", WHATSAPP_GOLDENS, ids=_case_id)
def test_every_fixture_cut_anywhere_gives_the_one_pass_table(golden: Path) -> None:
    path, options = _fixture_and_options(golden)
    expected = _one_pass(path, **options)
    cuts = _cuts(path)
    # Every fixture holds at least two messages, so there is at least one place to cut.
    assert cuts, f"no header to cut before in {path.name}"
    step = max(1, len(cuts) // 4)  # the first, some middle ones and the last: forks cost 10 ms
    for cut in sorted({*cuts[::step], cuts[-1]}):
        got = _in_halves(path, cut, **options)
        if expected is None:
            assert got is None, f"{path.name} cut at {cut}: read although the file is refused"
        else:
            assert got is not None, f"{path.name} cut at {cut}: halves stepped aside"
            assert got.equals(expected), f"{path.name} cut at byte {cut}"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=whatsapp_exports(),
    where=st.floats(0, 1),
    line_end=st.sampled_from(["\n", "\r\n"]),
    dayfirst=st.sampled_from([None, True, False]),
    partners=st.sampled_from([None, ("Sam Rivera", "Alex 🌻")]),
)
def test_generated_exports_cut_anywhere_give_the_one_pass_table_or_step_aside(
    tmp_path: Path,
    text: str,
    where: float,
    line_end: str,
    dayfirst: bool | None,
    partners: tuple[str, str] | None,
) -> None:
    path = tmp_path / "WhatsApp Chat with Alex.txt"
    path.write_bytes(text.replace("\n", line_end).encode("utf-8"))
    source = Source(path)
    scanner, _ = whatsapp._scanner(source)
    cut = halves.find_cut(source, scanner, max(1, int(where * path.stat().st_size)))
    if cut is None:
        return  # no header after that point: the file is read in one pass
    options = {"dayfirst": dayfirst, "partners": partners}
    expected = _one_pass(path, **options)
    got = _in_halves(path, cut, **options)
    if expected is None:
        assert got is None
    else:
        assert got is not None and got.equals(expected)


def _chat(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_problem_in_the_second_half_steps_aside_for_the_one_pass_error(tmp_path: Path) -> None:
    lines = [
        f"{1 + i % 28:02}/03/2024, 10:{i % 60:02} - {'Sam' if i % 2 else 'Alex'}: m{i}"
        for i in range(400)
    ]
    lines[300] = "31/02/2024, 10:00 - Sam: the day that never was"
    path = _chat(tmp_path, lines)
    cut = halves.find_cut(
        Source(path), whatsapp._scanner(Source(path))[0], path.stat().st_size // 2
    )
    assert cut is not None
    assert _in_halves(path, cut) is None
    with pytest.raises(TandemError, match=r"line 301: impossible date '31/02/2024'"):
        load_table(path)


def test_a_third_sender_only_in_the_second_half_is_refused_as_in_one_pass(tmp_path: Path) -> None:
    lines = [
        f"0{1 + i % 9}/03/2024, 10:00 - {'Sam' if i % 2 else 'Alex'}: m{i}" for i in range(400)
    ]
    lines[350] = "13/03/2024, 10:00 - Kim: hello both"
    path = _chat(tmp_path, lines)
    cut = halves.find_cut(Source(path), whatsapp._scanner(Source(path))[0], 100)
    assert cut is not None and cut < path.stat().st_size // 2
    assert _in_halves(path, cut) is None  # three people wrote: the one pass names them
    labelled = _in_halves(path, cut, partners=("Alex", "Kim"))
    assert labelled is not None and labelled.equals(_one_pass(path, partners=("Alex", "Kim")))


def test_the_order_settled_only_by_the_second_half_holds_for_the_first(tmp_path: Path) -> None:
    # The first half alone cannot tell 03/04 from 04/03; a date in the second half can.
    lines = [f"03/04/2024, 10:{i % 60:02} - {'Sam' if i % 2 else 'Alex'}: m{i}" for i in range(300)]
    lines.append("25/04/2024, 09:00 - Sam: day first after all")
    path = _chat(tmp_path, lines)
    cut = halves.find_cut(Source(path), whatsapp._scanner(Source(path))[0], 100)
    assert cut is not None
    table = _in_halves(path, cut)
    assert table is not None
    assert table.column("timestamp")[0].as_py().startswith("2024-04-03")
    assert table.equals(_one_pass(path))


def test_small_and_zipped_files_are_read_in_one_pass(tmp_path: Path) -> None:
    path = _chat(tmp_path, ["01/03/2024, 10:00 - Sam: hi", "01/03/2024, 10:01 - Alex: hey"])
    scanner, ios = whatsapp._scanner(Source(path))
    kept = halves.parse_table_in_halves(Source(path), scanner, ios, dayfirst=None, partners=None)
    assert kept is None  # 60 bytes: far below MIN_BYTES
    zipped = Source(path, member="chat.txt")
    assert not halves._worth_halving(zipped)


PROBE = """
import sys
from pathlib import Path
from tandem.ingest import _whatsapp_halves as halves, whatsapp
from tandem.ingest._source import Source
source = Source(Path(sys.argv[1]))
scanner, ios = whatsapp._scanner(source)
two = halves.parse_table_in_halves(source, scanner, ios, dayfirst=None, partners=None)
one = whatsapp._scan(source, None, None, table=True).finish_table()
print("HALVES", two is not None, two is not None and two.equals(one), one.num_rows)


def in_a_pool_worker(path):
    # A pool's daemonic worker may not start a process of its own: one pass, no crash.
    source = Source(Path(path))
    scanner, ios = whatsapp._scanner(source)
    kept = halves.parse_table_in_halves(source, scanner, ios, dayfirst=None, partners=None)
    return kept is None, whatsapp.parse_table(source).num_rows


if __name__ == "__main__":
    import multiprocessing
    with multiprocessing.get_context("fork").Pool(1) as pool:
        print("POOL", *pool.apply(in_a_pool_worker, (sys.argv[1],)))
"""


def test_a_big_export_is_read_in_halves_by_a_fresh_process(tmp_path: Path) -> None:
    # A fresh interpreter has no other thread, as `tandem parse` has none: the size rule alone
    # decides. 17 MB is just above MIN_BYTES (16 MB).
    path = tmp_path / "big.txt"
    row = "{d:02}/03/2024, 10:{m:02} - {who}: " + "the same words again and again " * 3 + "\n"
    with path.open("w", encoding="utf-8") as out:
        i = 0
        while out.tell() < halves.MIN_BYTES + (1 << 20):
            out.write(row.format(d=1 + i % 28, m=i % 60, who="Sam" if i % 3 else "Alex 🌻"))
            i += 1
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["HALVES", "True", "True", str(i)], done.stdout + done.stderr
    assert lines[1].split() == ["POOL", "True", str(i)], done.stdout + done.stderr


@pytest.mark.parametrize(
    "raw",
    [
        b"13/03/2024, 10:00 - Sam: hi\n\n\n13/03/2024, 10:01 - Alex: hey\n",
        b"13/03/2024, 10:00 - Sam: hi\r\n\r\n13/03/2024, 10:01 - Alex: hey\r\n",
        b"\xef\xbb\xbf13/03/2024, 10:00 - Sam: hi\nstill me\n13/03/2024, 10:01 - Alex: hey",
        "13/03/2024, 10:00 - Alex 🌻: ☕\n\n13/03/2024, 10:01 - Sam: ✓\n".encode(),
    ],
    ids=["blank lines before the cut", "crlf", "byte-order mark", "emoji at the cut"],
)
def test_what_ends_the_first_half_stays_in_its_last_message(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(raw)
    (cut,) = _cuts(path)
    assert raw[cut:].lstrip(b"\r\n").startswith(b"13/03/2024, 10:01")
    got = _in_halves(path, cut)
    assert got is not None
    assert got.column("text").to_pylist() == _one_pass(path).column("text").to_pylist()
    assert got.equals(_one_pass(path))


def test_a_second_half_that_dies_steps_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The forked child is killed mid-way (out of memory, a signal): nothing is half-joined,
    # the caller reads the file in one pass.
    import os

    lines = [f"13/03/2024, 10:{i % 60:02} - {'Sam' if i % 2 else 'Alex'}: m{i}" for i in range(300)]
    path = _chat(tmp_path, lines)
    real = halves._scan_part

    def dies_in_the_child(source: Source, *args: Any) -> Any:
        if args[3] > 0:  # start > 0: the second half, scanned in the child
            os._exit(9)
        return real(source, *args)

    monkeypatch.setattr(halves, "_scan_part", dies_in_the_child)
    (cut, *_) = _cuts(path)
    assert _in_halves(path, cut) is None
