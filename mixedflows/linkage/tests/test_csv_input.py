"""What the linkage CSV commands make of files as people really send them (issue 17, "dirty input is data")."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = "record_id,given_name,family_name,date_of_birth,sex,nationality,document_number\n"
PAIR = "a1,Mohamed,Abdirahman Ali,1990-05-17,M,SOM,P1234567\na2,Maxamed,Cabdiraxmaan Cali,1990-05-17,M,SOM,P1234567\n"


def dedupe(tmp_path, source, *extra):
    out = tmp_path / "pairs.csv"
    call_command(
        "linkage", "dedupe", "--input", str(source), "--output", str(out), "--threshold", "0.5", *extra
    )
    return [(r["record_id_l"], r["record_id_r"]) for r in csv.DictReader(out.open(encoding="utf-8"))]


def test_a_missing_input_file_is_one_clear_line(tmp_path):
    with pytest.raises(CommandError, match=r"nowhere\.csv: cannot be read \(No such file or directory\)"):
        call_command(
            "linkage", "dedupe", "--input", str(tmp_path / "nowhere.csv"), "--output", str(tmp_path / "o.csv")
        )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_excel_and_other_common_encodings_are_read(tmp_path, encoding):
    source = tmp_path / "in.csv"
    source.write_bytes((HEADER + PAIR + "a3,José,Müller,1985-01-02,M,FRA,\n").encode(encoding))
    assert dedupe(tmp_path, source) == [("a1", "a2")]


def test_an_encoding_that_cannot_be_read_is_named(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes((HEADER + PAIR).encode("utf-16-le"))  # no byte-order mark
    with pytest.raises(CommandError, match="UTF-16 without a byte-order mark"):
        dedupe(tmp_path, source)
    assert not (tmp_path / "pairs.csv").exists()


def test_an_unterminated_quote_is_an_error_with_its_line_and_nothing_is_written(tmp_path):
    rows = [f"r{i},Given{i},Family{i},1980-01-{i % 28 + 1:02d},M,SOM,\n" for i in range(400)]
    rows[199] = 'r199,"Ahmed,Family199,1980-01-01,M,SOM,\n'  # line 201: the header is line 1
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "".join(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="line 201: a quote opened on this line is never closed"):
        dedupe(tmp_path, source)
    assert not (tmp_path / "pairs.csv").exists()


def test_an_impossible_date_of_birth_is_compared_as_missing_and_counted(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text(
        HEADER
        + PAIR.replace("a2,Maxamed,Cabdiraxmaan Cali,1990-05-17", "a2,Maxamed,Cabdiraxmaan Cali,1990-05-93")
        + "a3,Amina,Yusuf,1945-04-93,F,ERI,\n",
        encoding="utf-8",
    )
    assert dedupe(tmp_path, source) == [("a1", "a2")]
    captured = capsys.readouterr()
    assert "compared as missing: 2 impossible date(s) of birth" in captured.out
    assert "(line 3, line 4)" in captured.err


def test_strict_refuses_an_impossible_date_of_birth(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + PAIR + "a3,Amina,Yusuf,1945-04-93,F,ERI,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 4: date_of_birth '1945-04-93' is not a real date"):
        dedupe(tmp_path, source, "--strict")
    assert not (tmp_path / "pairs.csv").exists()


def test_other_impossible_values_are_compared_as_missing_and_counted_by_field(tmp_path, capsys):
    """A sex Q or an encounter on 30 February is noise in one cell; Male and Female are read as M and F."""
    source = tmp_path / "in.csv"
    source.write_text(
        HEADER.replace("\n", ",encounter_date\n")
        + "a1,Mohamed,Abdirahman Ali,1990-05-17,Male,SOM,P1234567,2025-02-30\n"
        + "a2,Maxamed,Cabdiraxmaan Cali,1990-05-17,Q,SOM,P1234567,2025-03-02\n"
        + "a3,Amina,Yusuf,1945-04-03,female,ERI,,2025-03-01\n",
        encoding="utf-8",
    )
    assert dedupe(tmp_path, source) == [("a1", "a2")]
    captured = capsys.readouterr()
    assert (
        "compared as missing: 1 impossible encounter date(s), 1 sex value(s) other than M, F or X"
        in captured.out
    )
    assert "1 impossible encounter date(s) compared as missing (line 2)" in captured.err
    assert "1 sex value(s) other than M, F or X compared as missing (line 3)" in captured.err


@pytest.mark.parametrize(
    "row, message",
    [
        ("a3,Amina,Yusuf,1945-04-03,Q,ERI,,2025-03-01", "line 4: sex 'Q' is not M, F, X or empty"),
        (
            "a3,Amina,Yusuf,1945-04-03,F,ERI,,2025-02-30",
            "line 4: encounter_date '2025-02-30' is not a real date",
        ),
    ],
)
def test_strict_refuses_every_kind_of_impossible_value(tmp_path, row, message):
    source = tmp_path / "in.csv"
    source.write_text(
        HEADER.replace("\n", ",encounter_date\n") + PAIR.replace("\n", ",2025-03-01\n") + row + "\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=message):
        dedupe(tmp_path, source, "--strict")
    assert not (tmp_path / "pairs.csv").exists()


def test_link_counts_the_impossible_values_of_both_files(tmp_path, capsys):
    left, right = tmp_path / "l.csv", tmp_path / "r.csv"
    left.write_text(HEADER + "L1,Mohamed,Abdirahman Ali,1990-05-93,M,SOM,P1234567\n", encoding="utf-8")
    right.write_text(HEADER + "R1,Maxamed,Cabdiraxmaan Cali,1990-13-17,M,SOM,P1234567\n", encoding="utf-8")
    out = tmp_path / "pairs.csv"
    call_command("linkage", "link", "--left", str(left), "--right", str(right), "--output", str(out))
    assert [(r["record_id_l"], r["record_id_r"]) for r in csv.DictReader(out.open(encoding="utf-8"))] == [
        ("L1", "R1")
    ]
    assert "compared as missing: 2 impossible date(s) of birth" in capsys.readouterr().out


def test_a_missing_right_file_in_link_is_one_clear_line(tmp_path):
    left = tmp_path / "l.csv"
    left.write_text(HEADER + PAIR, encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"^.*absent\.csv: cannot be read \(No such file or directory\)\.$"
    ):
        call_command(
            "linkage",
            "link",
            "--left",
            str(left),
            "--right",
            str(tmp_path / "absent.csv"),
            "--output",
            str(tmp_path / "o.csv"),
        )
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize(
    "start, kind",
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "an Excel workbook or other zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook"),
        (b"%PDF-1.7\n", "a PDF document"),
    ],
)
def test_a_file_that_is_not_csv_is_named_and_nothing_is_written(tmp_path, start, kind):
    source = tmp_path / "people.csv"
    source.write_bytes(start + b"\x00" * 64)
    with pytest.raises(CommandError, match=f"people.csv: {kind}.*, not a CSV file"):
        dedupe(tmp_path, source)
    assert list(tmp_path.iterdir()) == [source]


def test_a_missing_required_column_is_refused_and_nothing_is_written(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(HEADER.replace(",sex", "") + "a1,Amina,Yusuf,1990,ERI,\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"missing column\(s\) sex"):
        dedupe(tmp_path, source)
    assert list(tmp_path.iterdir()) == [source]


def test_an_output_folder_that_does_not_exist_is_refused_before_any_work(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + PAIR, encoding="utf-8")
    with pytest.raises(CommandError, match="the folder .*nowhere does not exist"):
        call_command(
            "linkage", "dedupe", "--input", str(source), "--output", str(tmp_path / "nowhere" / "pairs.csv")
        )
    assert "reading" not in capsys.readouterr().err
