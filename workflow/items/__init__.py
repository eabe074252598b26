"""The items and sessions followed up: acuerdos, convenios, activities, sessions, their lists and
the dashboard's overview."""
