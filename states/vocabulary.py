"""The closed vocabularies of the domain with their Spanish labels (one catalogue for all)."""

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
    "anexo": "Anexo",  # technical, financial…: the annex's title says which
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
