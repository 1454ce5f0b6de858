"""The ``kg`` command (``app``: the click group and the extraction commands; one module per
command group: ``graph``, ``metrics``, ``rules``)."""

from .app import main

__all__ = ["main"]
