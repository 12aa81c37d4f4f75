"""spl-py: run, transpile and check programs in the Simple (.spl) language."""
__version__ = "0.1.0"
