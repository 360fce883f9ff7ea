// Every entity with more than $min relationships, and how many: the profiles kept per revision.
// Ordinary entities compute theirs live in tens of milliseconds; keeping every city too cost
// minutes per load at size L (701 profiles, 118 s), paid by every load however small.
MATCH (n)-[r]-()
WHERE NOT n:SceneKGMeta
WITH n, count(r) AS degree
WHERE degree > $min
RETURN n.id AS id, degree
ORDER BY id
