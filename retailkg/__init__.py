"""retailkg: an evidenced, multilingual knowledge graph of Chinese tech retail."""

__version__ = "0.1.0"
