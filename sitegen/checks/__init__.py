"""The warnings of `check`: what is not translated, broken links, stale needs, authors' safety.

Nothing here changes the built site: checks read the model and the rendered pages.
"""
