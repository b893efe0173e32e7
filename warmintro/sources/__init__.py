"""Networks of several files: sources, identity across files, provenance and evidence."""
