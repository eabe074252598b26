"""Spanish ordinal words, as official documents write them ("Noveno informe", "quinta sesión").

Reports are titled by ordinal, not by digit, so the words are part of the data; 1 to 99 cover
any count of sessions in a year or of reports of one convenio.
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


def _feminine(word: str) -> str:
    return word[:-1] + "a"


def _before_noun(word: str) -> str:
    """ "primero" and "tercero" lose their last letter before a masculine noun: "primer informe"."""
    return word[:-1] if word.endswith(("primero", "tercero")) else word


def ordinal(n: int, gender: Gender = "m", *, before_noun: bool = True) -> str:
    """The ordinal word of `n` (1–99) in lower case; `before_noun` for "tercer informe"."""
    if not 1 <= n <= 99:
        raise ValueError(f"ordinal fuera de rango: {n}")
    if n < 10:
        words = [_UNITS[n]]
    elif n < 20:
        words = [_TEENS[n]]
    else:
        words = [_TENS[n // 10]] + ([_UNITS[n % 10]] if n % 10 else [])
    if gender == "f":
        words = [_feminine(w) for w in words]
    elif before_noun:
        words[-1] = _before_noun(words[-1])
    return " ".join(words)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
