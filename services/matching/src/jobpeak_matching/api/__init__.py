"""Matching's HTTP API: work intake (clients), offers (candidates), the SLA report (admins)."""
