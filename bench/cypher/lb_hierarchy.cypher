// LadybugDB: every BROADER step of the technology hierarchy (read once, as scenekg caches it).
MATCH (a:Technology)-[:BROADER]->(b:Technology)
RETURN a.id AS narrower, b.id AS broader
