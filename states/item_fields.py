"""The Spanish names of the fields a person edits on an item, as the history and the edit forms
say them («Título», «Áreas»…); keys are the API's field names."""

FIELD_LABELS: dict[str, str] = {
    "title": "Título",
    "text": "Texto",
    "agenda_item": "Punto del orden del día",
    "areas": "Áreas",
    "area": "Área responsable",
    "relevant": "Tema relevante",
    "counterparts": "Contrapartes",
    "kind": "Tipo",
    "parent": "Convenio padre",
    "object": "Objeto",
    "organ": "Órgano",
    "url": "Documento",
    "description": "Descripción",
    "due_date": "Fecha compromiso",
    "deadline": "Plazo",
    "meeting": "Sesión",
    "convenio": "Convenio",
    "convenios": "Convenios vinculados",
    "activities": "Actividades vinculadas",
    "key": "Clave",
}

DATE_FIELDS = frozenset({"due_date", "deadline", "signed_on", "valid_from", "valid_until"})
"""Fields whose values are days (kept in ISO, shown as Spanish dates)."""
