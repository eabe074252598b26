"""Command groups of the `seguimiento` CLI, one module per capability."""
