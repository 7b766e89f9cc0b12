"""Billing's HTTP API (FastAPI routers)."""
