"""The catalog service: specialties, test blueprints, the question bank and publishing them."""
