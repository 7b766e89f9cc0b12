"""B7: the services' HTTP hot paths under Locust, against a bare Starlette + asyncpg app."""
