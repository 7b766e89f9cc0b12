"""Matching's HTTP API: work (clients), offers and pool entries (candidates), SLA (admins)."""
