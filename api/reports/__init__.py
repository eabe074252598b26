"""Renderers of the report data of `workflow.reports`: HTML, PDF (WeasyPrint), XLSX (openpyxl)
and iCalendar. Presentation only: what a report contains is decided in `workflow`."""
