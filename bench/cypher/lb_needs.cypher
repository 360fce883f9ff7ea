// LadybugDB: the technologies an opportunity needs.
MATCH (o:Opportunity)-[:NEEDS]->(t:Technology) WHERE o.id = $id
RETURN t.id AS technology
