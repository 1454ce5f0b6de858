"""What people read: the interactive graph page, the report and the exports (with their assets)."""
