"""A static site of needed items, told by the people who used them."""

__version__ = "0.1.0"
