"""Tests of the canned queries (a package, so module names such as test_cli.py may repeat)."""
