"""Reading documents units send: safety checks first, then the fields of a Vietnamese administrative document.

Nothing here imports Prefect or the database, so `kehoach inspect` starts fast.
"""
