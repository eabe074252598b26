"""E-mail addresses a plain SMTP server can take, checked before a person is stored.

An address the outbox cannot deliver to would only show up later as failed alerts; refusing it
when the person is created or edited tells the administrator at once. Without SMTPUTF8 a server
accepts only ASCII local parts, so internationalised local parts, quoted local parts, display
names, IP-literal domains, local parts over 64 characters and addresses over 254 characters
are refused. An internationalised
domain is kept in its ASCII (IDNA) form, which every server takes.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from workflow.engine.errors import Invalid

MAX_LENGTH = 254

REFUSAL = (
    "El correo no es una dirección a la que se pueda enviar correo: escriba solo la "
    "dirección (sin nombre ni comillas), con letras sin acentos, números o . _ - + antes de la "
    "arroba, un dominio como ejemplo.mx después, y como máximo 254 caracteres."
)


def normalise_email(address: str, *, field: str = "email") -> str:
    """The address in the lower-case ASCII form that is stored; `Invalid` if SMTP cannot take it."""
    candidate = address.strip()
    if not candidate or len(candidate) > MAX_LENGTH:
        raise Invalid(REFUSAL, field=field)
    try:
        checked = validate_email(
            candidate,
            check_deliverability=False,
            allow_smtputf8=False,
            allow_quoted_local=False,
            allow_display_name=False,
            allow_domain_literal=False,
            strict=True,
        )
    except EmailNotValidError:
        raise Invalid(REFUSAL, field=field) from None
    return (checked.ascii_email or checked.normalized).lower()
