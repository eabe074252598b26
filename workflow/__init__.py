"""The engine and the database, below the web and the messages (DESIGN.md, "The layers").

`runtime` (settings, clock, engines, migrations), `models` (the tables), `engine` (the one path
that changes state, events, edits, progress), `items` (acuerdos, convenios, activities,
sessions, lists and the registry of item kinds), `directory` (organs, areas, people, sign-in),
`calendar` (business days), `checks` (the scheduled queries), `reports` (report data),
`spreadsheets` (import and export), `demo` (the demo data set).
"""
