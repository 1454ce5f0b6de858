"""The SQLite store of a corpus graph (``database``: schema, writes and queries)."""
