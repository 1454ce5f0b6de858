"""kg's bundled sample articles, installed as the package data ``kg.data.corpora`` (see ``kg/data/__init__.py``)."""
