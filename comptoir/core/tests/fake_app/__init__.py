"""A pretend service app for the registry's system check tests (never installed)."""
