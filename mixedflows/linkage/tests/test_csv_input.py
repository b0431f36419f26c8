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
    assert "2 impossible date(s) of birth compared as missing" in captured.out
    assert "(line 3, line 4)" in captured.err


def test_strict_refuses_an_impossible_date_of_birth(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + PAIR + "a3,Amina,Yusuf,1945-04-93,F,ERI,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 4: date_of_birth '1945-04-93' is not a real date"):
        dedupe(tmp_path, source, "--strict")
    assert not (tmp_path / "pairs.csv").exists()
