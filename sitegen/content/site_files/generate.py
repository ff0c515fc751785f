#!/usr/bin/env python3
"""Build, check or clean the site: `python generate.py --help`."""

from sitegen.cli import main

if __name__ == "__main__":
    main()
