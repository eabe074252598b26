"""Organs, areas and people: the catalogue, accounts, credentials, tokens, sign-in and page
sessions."""
