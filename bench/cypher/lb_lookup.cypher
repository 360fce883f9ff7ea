// LadybugDB: one entity by its primary key.
MATCH (n:{label}) WHERE n.id = $id
RETURN n.id AS id, n.name_zh AS name_zh, n.name_en AS name_en
