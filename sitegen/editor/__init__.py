"""The browser editor at /admin/: Sveltia CMS, vendored, configured from the same rules as the validator.

editor/config.py  the editor's configuration, generated from sitegen/content/schemas.py and site.yaml
editor/admin.py   the files of /admin/: the page, its policy, the configuration, the vendored editor
editor/vendor/    Sveltia CMS and its fonts, pinned and checked (scripts/vendor_editor.py)
"""
