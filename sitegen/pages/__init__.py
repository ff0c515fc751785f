"""Planning and rendering pages: which address gets which template and values, in each language.

The theme (templates/) and what templates call live here; pages are rendered to
bytes in memory, never written.
"""
