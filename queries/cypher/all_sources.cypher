MATCH (s:Source)
RETURN s.id AS id, s.title AS title, s.publisher AS publisher, s.published AS published,
       s.url AS url, s.file AS file, s.passages AS passages
