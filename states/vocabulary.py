"""The closed vocabularies of the domain with their Spanish labels (one catalogue for all)."""

from datetime import date

MEETING_KINDS: dict[str, str] = {
    "ordinaria": "Ordinaria",
    "extraordinaria": "Extraordinaria",
    "urgente": "Urgente",
}
MEETING_KEY_SUFFIX: dict[str, str] = {"ordinaria": "SO", "extraordinaria": "SE", "urgente": "SU"}
"""`CPVOE/4SO/2024`: the letters after the number in a session's key."""

MODALITIES: dict[str, str] = {
    "presencial": "Presencial",
    "virtual": "Virtual",
    "hibrida": "Híbrida",
}

CONVENIO_KINDS: dict[str, str] = {
    "general": "Convenio general",
    "especifico": "Convenio específico",
    "anexo": "Anexo técnico",
    "adenda": "Adenda",
}

EVENT_FIELDS: dict[str, str] = {
    "note": "una nota que explique el cambio («note»)",
    "deadline": "el nuevo plazo («deadline», AAAA-MM-DD)",
    "signed_on": "la fecha de firma («signed_on», AAAA-MM-DD)",
    "valid_from": "el inicio de vigencia («valid_from», AAAA-MM-DD)",
    "valid_until": "el fin de vigencia («valid_until», AAAA-MM-DD)",
    "approved_in_id": "la sesión que aprueba la minuta («approved_in»)",
}
"""How to name, in an error, a piece of data an event requires."""

MONTHS: tuple[str, ...] = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def long_date(day: date) -> str:
    """`24 de mayo de 2024`, as official documents and e-mails date things."""
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def short_date(day: date) -> str:
    """`24 may 2024`, for table cells."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"
