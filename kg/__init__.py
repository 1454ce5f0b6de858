"""kg: a rules-based knowledge graph of companies and money flows from Chinese financial news."""

from .api import KnowledgeGraph
from .errors import InputError, KGError, RuleError, StoreError
from .extract.pipeline import analyze
from .extract.stream import analyze_file

__version__ = "0.1.0"
__all__ = [
    "analyze",
    "analyze_file",
    "KnowledgeGraph",
    "KGError",
    "InputError",
    "RuleError",
    "StoreError",
    "__version__",
]
