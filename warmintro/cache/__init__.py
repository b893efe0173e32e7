"""The cache: parsed contacts files kept on disk so that queries on large networks answer at once."""
