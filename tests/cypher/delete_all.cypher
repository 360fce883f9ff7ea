// Empty the graph between tests: every node and its relationships.
MATCH (n) DETACH DELETE n
