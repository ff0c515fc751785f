"""What makes rebuilds fast: the stamp of a no-op build, parses and pages kept, the preview's memory.

Remove any of it and builds stay correct, only slower: every cache is keyed by what
it was made from, the generator's code included (sitegen/digests.py). After each
build the cache holds only what that build used (sweep.py): nothing of a page gone.
"""
