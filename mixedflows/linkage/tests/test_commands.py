"""`mixedflows linkage dedupe|link`: CSV in, CSV out, no database; bad input changes nothing."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mixedflows.linkage import csvio

HEADER = "record_id,given_name,family_name,date_of_birth,sex,nationality,document_number\n"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_dedupe_finds_the_same_person_written_two_ways(tmp_path):
    source = write(
        tmp_path / "in.csv",
        HEADER + "a1,Mohamed,Abdirahman Ali,1990-05-17,M,SOM,P1234567\n"
        "a2,Maxamed,Cabdiraxmaan Cali,1990-05-17,M,SOM,P1234567\n"
        "a3,Amina,Yusuf,1985,F,ERI,\n"
        "a4,ዮሐንስ,ተስፋዬ,1979-03-02,M,ERI,\n",
    )
    out = tmp_path / "pairs.csv"
    call_command("linkage", "dedupe", "--input", source, "--output", str(out), "--threshold", "0.5")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["record_id_l"], r["record_id_r"]) for r in rows] == [("a1", "a2")]
    assert float(rows[0]["match_probability"]) >= 0.5


def test_link_puts_the_left_files_record_first(tmp_path):
    left = write(
        tmp_path / "l.csv",
        HEADER + "L1,Fatima,Hassan Omar,1992-03-04,F,SDN,\nL2,Abdullahi,Idris,1970,M,SOM,\n",
    )
    right = write(
        tmp_path / "r.csv", HEADER + "R1,فاطمة,حسن عمر,1992-03-04,F,SDN,\nR2,Selam,Tesfay,1999,F,ERI,\n"
    )
    out = tmp_path / "pairs.csv"
    call_command(
        "linkage", "link", "--left", left, "--right", right, "--output", str(out), "--threshold", "0.5"
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["record_id_l"], r["record_id_r"]) for r in rows] == [("L1", "R1")]


@pytest.mark.parametrize(
    "content, message",
    [
        ("record_id,given_name,date_of_birth\n1,A,1990\n", "missing column(s) family_name"),
        ("", "the file is empty"),
        (HEADER, "no records after the header"),
        (HEADER + "1,A,B,17/05/1990,M,SOM,\n2,C,D,1990-02,F,,\n", "1 bad row(s): line 2: date_of_birth"),
        (HEADER + "1,A,B,1990,M,SOM,\n1,C,D,1991,F,,\n", "record_id '1' appears twice"),
        (
            HEADER.replace("\n", ",encounter_date\n") + "1,A,B,1990,M,SOM,,05/03/2025\n",
            "line 2: encounter_date '05/03/2025' is not a date",
        ),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_written(tmp_path, content, message):
    source = write(tmp_path / "in.csv", content)
    out = tmp_path / "pairs.csv"
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("linkage", "dedupe", "--input", source, "--output", str(out))
    assert list(tmp_path.iterdir()) == [tmp_path / "in.csv"]


def test_a_file_too_big_for_memory_is_refused_before_reading(tmp_path, monkeypatch):
    source = write(tmp_path / "in.csv", HEADER + "1,A,B,1990,M,SOM,\n" * 100)
    monkeypatch.setattr(csvio, "_available_memory", lambda: 10_000)
    with pytest.raises(CommandError, match="Too big for this machine: about .* records; needs about"):
        call_command("linkage", "dedupe", "--input", source, "--output", str(tmp_path / "pairs.csv"))
    assert not (tmp_path / "pairs.csv").exists()


def test_a_threshold_outside_zero_to_one_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not a number between 0 and 1"):
        call_command(
            "linkage", "dedupe", "--input", "x.csv", "--output", str(tmp_path / "o.csv"), "--threshold", "2"
        )


def test_unknown_columns_are_ignored_and_optional_ones_used(tmp_path):
    """Two records of one boat are different people, whatever their names."""
    source = write(
        tmp_path / "in.csv",
        "record_id,given_name,family_name,date_of_birth,sex,nationality,document_number,group_id,notes\n"
        "b1,Ahmed,Ali,1990-05-17,M,SOM,,boat-1,x\nb2,Axmed,Cali,1990-05-17,M,SOM,,boat-1,y\n",
    )
    out = tmp_path / "pairs.csv"
    call_command("linkage", "dedupe", "--input", source, "--output", str(out), "--threshold", "0.5")
    assert list(csv.DictReader(out.open(encoding="utf-8"))) == []


def test_two_records_with_no_date_nationality_or_grandfather_still_meet(tmp_path):
    source = write(
        tmp_path / "in.csv",
        HEADER + "a1,Mohamed,Abdirahman,,M,,\na2,Maxamed,Cabdiraxmaan,,M,,\na3,Amina,Yusuf,,F,,\n",
    )
    out = tmp_path / "pairs.csv"
    call_command("linkage", "dedupe", "--input", source, "--output", str(out), "--threshold", "0.2")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["record_id_l"], r["record_id_r"]) for r in rows] == [("a1", "a2")]
