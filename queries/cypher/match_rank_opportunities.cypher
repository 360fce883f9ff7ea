// Rank the opportunities an enterprise could serve, scored in the database. Each $meets row is
// {tech, weight}: the enterprise meets a need for `tech` with that weight (1.0 exact, 0.5
// narrower or broader). Opportunities whose status is in $statuses (a missing status means
// open) count per need the best weight; the score is their sum, `exact` the needs met at 1.0.
UNWIND $meets AS m
MATCH (:Technology {id: m.tech})<-[:NEEDS]-(o:Opportunity)
WHERE coalesce(o.status, 'open') IN $statuses
WITH o.id AS candidate, m.tech AS need, max(m.weight) AS best
WITH candidate, sum(best) AS score, sum(CASE WHEN best = 1.0 THEN 1 ELSE 0 END) AS exact
ORDER BY score DESC, exact DESC, candidate
WITH collect({id: candidate, score: score, exact: exact}) AS ranked
RETURN size(ranked) AS total, ranked[$offset..$end] AS page
