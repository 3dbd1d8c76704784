"""The genre's knowledge as data: what ``extractors/`` holds, loaded into typed objects.

The lowest layer: every stage above reads its word lists, site profiles and lexicons from here,
and this package imports no stage (``.importlinter`` holds the order).
"""
