UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s.id AS id, s.file AS file, s.sha256 AS sha256, s.origin AS origin
