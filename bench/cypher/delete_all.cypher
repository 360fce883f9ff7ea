// Empty the graph between samples: every node and its relationships.
MATCH (n) DETACH DELETE n
