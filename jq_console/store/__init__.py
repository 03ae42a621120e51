"""The one module that owns the database: engine, tables, queries returning domain objects, and
the single write helper. Nothing here runs at import time."""
