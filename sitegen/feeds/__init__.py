"""What other programs read: the Atom feeds, sitemap.xml and robots.txt, needs.json and its schema."""
