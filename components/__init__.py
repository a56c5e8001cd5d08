"""Integrations a user adds to the hub, one package each."""
