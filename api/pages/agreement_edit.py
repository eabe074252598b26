"""`/acuerdos/{id}/editar`: an acuerdo's title, text, agenda point, areas and whether it is a
tema relevante. Its plazo is not here: it changes only with «Reprogramar plazo»."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.pages.edit_form import (
    EditPage,
    add_edit_routes,
    checked_areas,
    checked_choice,
    checked_text,
    typed_codes,
    typed_text,
)
from api.pages.refused import Refused
from api.schemas.items import AgreementUpdate
from workflow.directory import catalogue
from workflow.items.session_agenda import titled
from workflow.models import Agreement

router = APIRouter(include_in_schema=False)


def shown(item: Agreement) -> dict[str, Any]:
    codes = [a.code for a in item.areas]
    return {
        "title": item.title,
        "text": item.text,
        "agenda_item": str(item.agenda_item_id or ""),
        "lead": codes[0] if codes else "",
        "co": codes[1:],
        "relevant": item.relevant,
    }


def typed(form: FormData) -> dict[str, Any]:
    return {
        **typed_text(form, "title", "text", "agenda_item", "lead"),
        "co": typed_codes(form, "co"),
        "relevant": form.get("relevant") == "1",
    }


def changes(session: Session, item: Agreement, form: Refused) -> dict[str, Any]:
    return {
        "title": checked_text(form, AgreementUpdate, "title", "Título", "Escriba el título."),
        "text": checked_text(form, AgreementUpdate, "text", "Texto"),
        "agenda_item": checked_choice(
            form,
            "agenda_item",
            {a.id for a in item.meeting.agenda},
            f"Elija un punto del orden del día de la sesión {item.meeting.key}.",
        ),
        "areas": checked_areas(session, form),
        "relevant": form.values["relevant"],
    }


def choices(session: Session, item: Agreement) -> dict[str, Any]:
    return {
        "agenda": [(a.id, titled(a)) for a in item.meeting.agenda],
        "areas": catalogue.list_areas(session=session),
    }


PAGE = EditPage(
    model=Agreement,
    template="pages/agreement_form.html",
    shown=shown,
    typed=typed,
    changes=changes,
    choices=choices,
    form_field={"areas": "lead"},
)
add_edit_routes(router, PAGE)
