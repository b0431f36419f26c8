"""What officers type for a country or a language becomes its ISO code, or stays as typed for the service to refuse."""

from mixedflows.lib.codes import country_code, language_code


def test_a_country_by_code_or_name():
    assert [country_code(t) for t in ("ERI", "eri", "ER", "Eritrea", "SDN Sudan", "")] == [
        "ERI",
        "ERI",
        "ERI",
        "ERI",
        "SDN",
        "",
    ]
    assert country_code("Atlantis") == "Atlantis"


def test_a_language_by_code_or_name():
    assert [language_code(t) for t in ("tir", "TIR", "ti", "Tigrinya", "apd Sudanese Arabic", "")] == [
        "tir",
        "tir",
        "tir",
        "tir",
        "apd",
        "",
    ]
    assert language_code("Klingonese") == "Klingonese"
