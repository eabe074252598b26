"""Administration pages (admins only): people, catalogues, calendar and outbox."""
