"""Fuzzing plek-csv directories: whatever the bytes, the import answers with Dutch
`file:row:column` lines (or a message about the directory) or succeeds; a refused import stores
nothing, and the answer stays bounded in lines and time (docs/exchange.md, "Limits")."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plek.exchange.importer import import_directory
from plek.exchange.reader import MAX_PROBLEMS
from plek.people.models import Person

HEADER = ["id", "bsn", "initials", "family_name", "birth_date", "sex"]
LINE = re.compile(r"^[a-z_]+\.csv:\d+:[a-z_]*: \S.*$|^\S+:0:: \S.*$|^… en nog \d+ problemen")
# CI runs a bounded number of examples; FUZZ_EXAMPLES raises it for a longer local run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15" if os.environ.get("CI") else "40"))
SECONDS_PER_IMPORT = 60

cells = st.one_of(
    st.sampled_from(["", "p1", "9999001", "Jansen", "M", "V", "X", "2024-01-01"]),
    st.sampled_from(["2024-02-30", "0000-01-01", "24-1-1", "2024-13-01", "９９９９-01-01"]),
    st.sampled_from(["=1+1", "'=HYPERLINK(1)", "+31", "-3", "@SUM(A1)", "'s-Hertogenbosch"]),
    st.sampled_from(['"quoted, comma"', "line\nbreak", "tab\there", "nul\x00byte", "\ufeffbom"]),
    st.integers(min_value=1, max_value=140_000).map(lambda n: "x" * n),
    st.text(max_size=30),
)


@st.composite
def persons_file(draw: st.DrawFn) -> bytes:
    header = draw(
        st.one_of(
            st.just(HEADER),
            st.permutations(HEADER),
            st.lists(st.sampled_from([*HEADER, "extra"]), min_size=0, max_size=8),
        )
    )
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=8), max_size=6))
    lines = [header, *rows]
    text = "\n".join(
        delimiter.join(
            f'"{cell}"' if any(c in cell for c in ',;"\n\t') and draw(st.booleans()) else cell
            for cell in line
        )
        for line in lines
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data += draw(st.binary(max_size=20))
    return data


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=persons_file(), with_stays=st.booleans())
def test_any_directory_gives_lines_or_success_and_stores_nothing_on_failure(
    db: None, content: bytes, with_stays: bool
) -> None:
    before = Person.objects.count()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        (directory / "persons.csv").write_bytes(content)
        if with_stays:
            (directory / "stays.csv").write_bytes(
                b"id,person,facility,start_date,end_date,exit_destination\n"
                b"s1,p1,nowhere,2024-01-01,2023-01-01,\n"
            )
        started = time.perf_counter()
        result = import_directory(directory)
        seconds = time.perf_counter() - started
    assert seconds < SECONDS_PER_IMPORT
    lines = result.lines()
    assert len(lines) <= MAX_PROBLEMS + 1
    for line in lines:
        assert LINE.match(line.splitlines()[0] if line else line), line
    if not result.ok:
        assert Person.objects.count() == before


def test_a_directory_of_garbage_gives_bounded_lines(db: None, tmp_path: Path) -> None:
    header = ",".join(HEADER) + "\n"
    body = "".join(f"p{n},1,,,morgen,Q\n" for n in range(3000))
    (tmp_path / "persons.csv").write_text(header + body)
    result = import_directory(tmp_path)
    assert len(result.problems) == MAX_PROBLEMS
    # bsn, family_name, birth_date and sex are bad in every row
    assert result.more_problems == 3000 * 4 - MAX_PROBLEMS
    assert not Person.objects.exists()


def test_a_file_without_line_breaks_is_refused_with_a_line(db: None, tmp_path: Path) -> None:
    (tmp_path / "persons.csv").write_text(",".join(HEADER) + "\n" + "x" * 3_000_000)
    result = import_directory(tmp_path)
    assert not result.ok
    assert all(LINE.match(line) for line in result.lines()), result.lines()
