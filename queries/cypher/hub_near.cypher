// The ids of every entity tied to one of $ids: what a change to those can reach one hop away.
UNWIND $ids AS id
MATCH (:{label} {id: id})--(m)
RETURN DISTINCT m.id AS id
