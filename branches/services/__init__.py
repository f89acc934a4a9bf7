"""Work that touches several models, files or the history: plain functions with an `actor`."""
