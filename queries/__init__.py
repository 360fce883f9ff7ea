"""The catalogue of parameterised Cypher queries, each with a typed function and result."""
