"""The catalog's HTTP API: public specialty pages and the admin routes."""
