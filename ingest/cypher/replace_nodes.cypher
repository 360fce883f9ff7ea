// Nodes the plan found changed: their whole new property map (id and sources included).
UNWIND $rows AS row
MATCH (n:{label} {id: row.props.id})
SET n = row.props
RETURN count(*) AS written
