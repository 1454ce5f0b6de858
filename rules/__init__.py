"""kg's bundled rule files, installed as the package data ``kg.data.rules`` (see ``kg/data/__init__.py``)."""
