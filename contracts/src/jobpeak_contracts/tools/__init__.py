"""Developer tools: schema generation, the compatibility gate and the AsyncAPI document."""
