"""Test helpers for billing and for cross-service tests that pay: Stripe webhook payloads signed
like Stripe signs them, a fake payment gateway, and an in-process harness. Nothing here runs in
the service; importing it does no I/O."""
