// Every city with a relationship, and every other entity with more than $min: the profiles
// kept per revision.
MATCH (n)-[r]-()
WHERE NOT n:SceneKGMeta
WITH n, count(r) AS degree
WHERE degree > $min OR n:City
RETURN n.id AS id
ORDER BY id
