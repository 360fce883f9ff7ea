// The naive loader the batched one is compared with: one query, and one commit, per row.
MERGE (n:{label} {id: $id})
SET n += $props, n.sources = $sources
