"""The ask ledger: every introduction asked for, through whom, how it went, and what is due."""
