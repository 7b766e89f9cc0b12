"""The candidate's journey over HTTP, step by step, and the narrated demo of it."""
