"""Everything that faces a person or a program, and the composition root (DESIGN.md).

`app.py` wires the FastAPI app: `routes` (the JSON API), `pages` (the HTML pages; `pages/admin`
for administrators), `schemas` (API bodies), `reports` (HTML, PDF, XLSX and iCalendar
renderers); `commands` is the `seguimiento` command line and `scheduler.py` the scheduled jobs.
"""
