"""Reading content/: YAML with lines, the rules fields obey, what each file holds, parsing and loading.

Everything here turns files into model values (sitegen/model.py) or problems; it
never renders, writes the site, or keeps anything between builds.
"""
