"""The browser fixtures (`server`, `browser`, `page`) for every page test module; a module that
defines its own `server` keeps it."""

from tests.e2e.browsing import browser, page, server

__all__ = ["browser", "page", "server"]
