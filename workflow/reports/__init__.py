"""Report data: what the secretariat presents at a session, assembled as plain data classes.

Nothing here renders: `api/reports` turns these objects into HTML, PDF, XLSX and iCalendar.
"""
