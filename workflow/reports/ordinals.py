"""Spanish ordinal words, as official documents write them ("Noveno informe", "quinta sesión").

Reports are titled by ordinal, not by digit, so the words are part of the data. Words cover 1 to
999, every session number the API accepts; a larger count (a thousandth report) is written in
digits ("1000.º"), so the function never fails for a positive number.
"""

from __future__ import annotations

from typing import Literal

Gender = Literal["m", "f"]

_UNITS = [
    "",
    "primero",
    "segundo",
    "tercero",
    "cuarto",
    "quinto",
    "sexto",
    "séptimo",
    "octavo",
    "noveno",
]
_TEENS = {
    10: "décimo",
    11: "undécimo",
    12: "duodécimo",
    13: "decimotercero",
    14: "decimocuarto",
    15: "decimoquinto",
    16: "decimosexto",
    17: "decimoséptimo",
    18: "decimoctavo",
    19: "decimonoveno",
}
_TENS = [
    "",
    "décimo",
    "vigésimo",
    "trigésimo",
    "cuadragésimo",
    "quincuagésimo",
    "sexagésimo",
    "septuagésimo",
    "octogésimo",
    "nonagésimo",
]

_HUNDREDS = [
    "",
    "centésimo",
    "ducentésimo",
    "tricentésimo",
    "cuadringentésimo",
    "quingentésimo",
    "sexcentésimo",
    "septingentésimo",
    "octingentésimo",
    "noningentésimo",
]
LARGEST_IN_WORDS = 999


def _feminine(word: str) -> str:
    return word[:-1] + "a"


def _before_noun(word: str) -> str:
    """ "primero" and "tercero" lose their last letter before a masculine noun: "primer informe"."""
    return word[:-1] if word.endswith(("primero", "tercero")) else word


def ordinal(n: int, gender: Gender = "m", *, before_noun: bool = True) -> str:
    """The ordinal words of `n` in lower case ("centésimo vigésimo tercer"); `before_noun` for
    "tercer informe". Beyond 999, digits with the ordinal indicator."""
    if n < 1:
        raise ValueError(f"ordinal fuera de rango: {n}")
    if n > LARGEST_IN_WORDS:
        return f"{n}.{'ª' if gender == 'f' else 'º'}"
    words = [_HUNDREDS[n // 100]] if n >= 100 else []
    rest = n % 100
    if 10 <= rest < 20:
        words.append(_TEENS[rest])
    elif rest:
        words += [w for w in (_TENS[rest // 10], _UNITS[rest % 10]) if w]
    if gender == "f":
        words = [_feminine(w) for w in words]
    elif before_noun:
        words[-1] = _before_noun(words[-1])
    return " ".join(words)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
