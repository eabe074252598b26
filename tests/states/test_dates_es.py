"""Spanish dates: one name, one format, whatever template asks for it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from states import dates_es

MEXICO = ZoneInfo("America/Mexico_City")


def test_each_date_format_has_one_english_name() -> None:
    day = date(2024, 6, 10)
    assert dates_es.long_date(day) == "10 de junio de 2024"
    assert dates_es.short_date(day) == "10 jun 2024"
    assert dates_es.numeric_date(day) == "10/06/2024"


def test_a_date_may_come_as_a_timestamp_or_as_an_iso_string_from_a_payload() -> None:
    assert dates_es.long_date("2024-05-20") == "20 de mayo de 2024"
    assert dates_es.short_date(datetime(2024, 5, 20, 23, 0)) == "20 may 2024"


def test_an_absent_date_is_a_dash_unless_the_caller_names_it() -> None:
    assert dates_es.short_date(None) == "—"
    assert dates_es.long_date(None, "sin plazo") == "sin plazo"
    assert dates_es.clock_time(None) == ""


def test_timestamps_are_shown_in_the_institutions_time_zone() -> None:
    late = datetime(2024, 5, 25, 3, 5, tzinfo=UTC)  # still the 24th in Mexico City
    assert dates_es.date_time(late, MEXICO) == "24 may 2024, 21:05"
    assert dates_es.local_numeric_date(late, MEXICO) == "24/05/2024"
    filters = dates_es.filters(MEXICO)
    assert filters["date_time"](late) == "24 may 2024, 21:05"


def test_times_and_business_days_read_as_spanish() -> None:
    assert dates_es.clock_time(time(12, 5)) == "12:05 horas"
    assert dates_es.business_days(1) == "1 día hábil"
    assert dates_es.business_days(3) == "3 días hábiles"


def test_a_count_says_its_noun_in_the_right_number() -> None:
    assert dates_es.counted(1, "acuerdo") == "1 acuerdo"
    assert dates_es.counted(2, "acuerdo") == "2 acuerdos"
    assert dates_es.counted(0, "acuerdo") == "0 acuerdos"
    assert dates_es.counted(3, "actividad") == "3 actividades"
    assert dates_es.counted(2, "notificación") == "2 notificaciones"
    assert dates_es.counted(1, "día de atraso", "días de atraso") == "1 día de atraso"
    assert dates_es.counted(5, "día de atraso", "días de atraso") == "5 días de atraso"
