"""The contacts file: its fields, reading and validating it, writing it, its JSON Schema."""
