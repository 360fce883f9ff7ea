MATCH (n) WHERE NOT n:SceneKGMeta
RETURN labels(n)[0] AS label, count(*) AS count,
       sum(CASE WHEN size(coalesce(n.sources, [])) > 0 THEN 1 ELSE 0 END) AS sourced
