// Upsert nodes of one label. Scalars are overwritten; `sources` and `aliases` are unions so
// that a second source for a known entity adds to it. Returns how many rows created or
// changed a node, so a reload can report "nothing changed".
UNWIND $rows AS row
OPTIONAL MATCH (old:{label} {id: row.id})
WITH row, old IS NULL AS created, CASE WHEN old IS NULL THEN null ELSE properties(old) END AS before
MERGE (n:{label} {id: row.id})
WITH n, row, created, before, coalesce(n.aliases, []) AS aliases, coalesce(n.sources, []) AS sources
SET n += row.props
SET n.aliases = CASE WHEN size(aliases) + size(coalesce(row.props.aliases, [])) = 0 THEN null
    ELSE reduce(acc = aliases, a IN coalesce(row.props.aliases, []) | CASE WHEN a IN acc THEN acc ELSE acc + a END) END
SET n.sources = reduce(acc = sources, s IN row.sources | CASE WHEN s IN acc THEN acc ELSE acc + s END)
WITH n, created, before
RETURN count(*) AS written, sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT created AND properties(n) <> before THEN 1 ELSE 0 END) AS updated
