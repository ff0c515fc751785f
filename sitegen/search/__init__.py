"""Site search: Pagefind indexes the staged site in cached shards before it is swapped in."""
