"""A static site of needed items, told by the people who used them."""

from pathlib import Path

__version__ = "0.3.0"
TEMPLATES_FOLDER = Path(__file__).parent / "templates"  # the default theme, upgraded with the generator
