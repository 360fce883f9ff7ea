// The technologies an opportunity needs, with the citations of each NEEDS.
MATCH (o:Opportunity {id: $id})-[r:NEEDS]->(t:Technology)
RETURN t.id AS technology, r.sources AS sources
