// Every relationship of the types {rels} that starts at a {label} node with id in $ids, with its
// properties; the caller keeps those whose end it wants. (Filtering here with `b.id IN $list`
// scanned the list per row: twice as slow for 5,000 kept nodes.) Parallel relationships each
// give a row.
UNWIND $ids AS id
MATCH (a:{label} {id: id})-[r:{rels}]->(b)
RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS properties
