"""Identifier normalisers: one module per kind, raw text in, canonical text or null out.

Every public function takes a polars Series and returns one of the same length;
null means "unusable, never link". Placeholders ("n/a", all-zero ids) are null.
"""
