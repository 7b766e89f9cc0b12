"""Billing's adapters: its tables and repositories, the SQL unit of work, and Stripe."""
