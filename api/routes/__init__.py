"""HTTP routes: each parses, calls one workflow function, and serialises."""
