"""The payment provider as billing sees it: a small port, and its Stripe adapter."""
