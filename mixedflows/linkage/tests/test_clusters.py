"""`--clusters FILE`: one id per person, the connected components of the pairs accepted at the threshold."""

import csv

from django.core.management import call_command

from mixedflows.linkage.clusters import connected_components

HEADER = "record_id,given_name,family_name,date_of_birth,sex,nationality,document_number\n"
PEOPLE = (
    "a1,Mohamed,Abdirahman Ali,1990-05-17,M,SOM,P1234567\n"
    "b1,Amina,Yusuf Hassan,1988-02-11,F,ERI,E7654321\n"
    "a2,Maxamed,Cabdiraxmaan Cali,1990-05-17,M,SOM,P1234567\n"
    "c1,Selam,Tesfay Gebre,1999-09-09,F,ETH,\n"
    "a3,محمد,عبدالرحمن علي,1990-05-17,M,SOM,P1234567\n"
    "b2,Aamina,Yusuf Xasan,1988-02-11,F,ERI,E7654321\n"
)


def test_a_chain_of_pairs_is_one_cluster_even_where_its_ends_were_never_paired():
    clusters = connected_components(["A", "B", "C", "D", "E"], [("B", "C"), ("A", "B"), ("D", "E")])
    assert clusters == {"A": 1, "B": 1, "C": 1, "D": 2, "E": 2}


def test_dedupe_writes_one_cluster_id_per_record(tmp_path, capsys):
    source, pairs, clusters = tmp_path / "in.csv", tmp_path / "pairs.csv", tmp_path / "clusters.csv"
    source.write_text(HEADER + PEOPLE, encoding="utf-8")
    call_command(
        "linkage", "dedupe", "--input", str(source), "--output", str(pairs), "--clusters", str(clusters)
    )
    rows = list(csv.DictReader(clusters.open(encoding="utf-8")))
    assert [(r["record_id"], r["cluster_id"]) for r in rows] == [
        ("a1", "1"),
        ("b1", "2"),
        ("a2", "1"),
        ("c1", "3"),
        ("a3", "1"),
        ("b2", "2"),
    ]
    assert f"a cluster id per record written to {clusters}" in capsys.readouterr().out


def test_link_clusters_name_the_file_of_each_record(tmp_path):
    left, right = tmp_path / "l.csv", tmp_path / "r.csv"
    left.write_text(HEADER + "x1,Mohamed,Abdirahman Ali,1990-05-17,M,SOM,P1234567\n", encoding="utf-8")
    right.write_text(
        HEADER
        + "x1,Selam,Tesfay Gebre,1999-09-09,F,ETH,\nr2,Maxamed,Cabdiraxmaan Cali,1990-05-17,M,SOM,P1234567\n",
        encoding="utf-8",
    )
    clusters = tmp_path / "clusters.csv"
    call_command(
        "linkage",
        "link",
        "--left",
        str(left),
        "--right",
        str(right),
        "--output",
        str(tmp_path / "p.csv"),
        "--clusters",
        str(clusters),
    )
    rows = list(csv.DictReader(clusters.open(encoding="utf-8")))
    # The same record_id in two files is two records: the left x1 is Mohamed, the right x1 Selam.
    assert [(r["file"], r["record_id"], r["cluster_id"]) for r in rows] == [
        ("left", "x1", "1"),
        ("right", "x1", "2"),
        ("right", "r2", "1"),
    ]
