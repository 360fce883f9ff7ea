MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count,
       sum(CASE WHEN size(coalesce(r.sources, [])) > 0 THEN 1 ELSE 0 END) AS sourced
