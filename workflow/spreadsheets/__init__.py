"""Import and export: spreadsheets in (CSV, XLSX), and lists and transparency formats out.

`import_file` reads, validates every row and applies all of them or none; `export` writes the
lists of SPEC §4 with the same filters, and `transparency` the format for signed instruments.
The column catalogue (`columns.KINDS`) is shared by both directions.
"""
