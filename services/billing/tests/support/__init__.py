"""Billing's test helpers: Stripe webhook payloads signed like Stripe signs them, a fake payment
gateway, and an in-process harness. They live in tests/ so they never ship in the wheel."""
