"""The ``retailkg`` command line."""
