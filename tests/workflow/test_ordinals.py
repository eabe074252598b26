"""Ordinal words for every session number the API accepts (1–999): a session numbered 100 or
more used to make its follow-up report fail with a 500."""

from __future__ import annotations

import pytest

from workflow.reports.ordinals import ordinal

HUNDREDS = {
    100: "centésimo",
    200: "ducentésimo",
    300: "tricentésimo",
    400: "cuadringentésimo",
    500: "quingentésimo",
    600: "sexcentésimo",
    700: "septingentésimo",
    800: "octingentésimo",
    900: "noningentésimo",
}
KNOWN = {
    101: "centésimo primer",
    103: "centésimo tercer",
    110: "centésimo décimo",
    111: "centésimo undécimo",
    115: "centésimo decimoquinto",
    120: "centésimo vigésimo",
    123: "centésimo vigésimo tercer",
    345: "tricentésimo cuadragésimo quinto",
    999: "noningentésimo nonagésimo noveno",
    **HUNDREDS,
}


@pytest.mark.parametrize(("n", "words"), KNOWN.items())
def test_ordinals_beyond_ninety_nine_in_words(n: int, words: str) -> None:
    assert ordinal(n) == words


def test_every_session_number_from_1_to_999_has_its_own_ordinal() -> None:
    masculine = {n: ordinal(n, before_noun=False) for n in range(1, 1000)}
    feminine = {n: ordinal(n, "f") for n in range(1, 1000)}
    assert len(set(masculine.values())) == 999 and len(set(feminine.values())) == 999
    for n in range(1, 1000):
        groups = (n // 100 > 0) + (n % 100 >= 10) + (n % 10 > 0 and not 10 <= n % 100 < 20)
        words, femwords = masculine[n].split(), feminine[n].split()
        assert len(words) == len(femwords) == groups, (n, masculine[n])
        assert all(w.endswith("o") for w in words), (n, masculine[n])
        assert all(w.endswith("a") for w in femwords), (n, feminine[n])
        assert [w[:-1] for w in words] == [w[:-1] for w in femwords], n
        if n >= 100:
            assert words[0] == HUNDREDS[n // 100 * 100]
            assert masculine[n].removeprefix(words[0] + " ") == (
                masculine[n % 100] if n % 100 else words[0]
            )


def test_numbers_beyond_words_are_written_in_digits_and_zero_is_refused() -> None:
    assert (ordinal(1000), ordinal(1234, "f")) == ("1000.º", "1234.ª")
    with pytest.raises(ValueError):
        ordinal(0)
