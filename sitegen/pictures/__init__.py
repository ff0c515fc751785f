"""The pictures of the site: content pictures re-encoded without metadata, share cards, posters' QR codes."""
