"""The billing domain: plain Python, no I/O (orders, fees, what Stripe's webhooks mean)."""
