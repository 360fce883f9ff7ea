// The kept hub profiles of $hubs that show one of $ids (an entity, a figure, a source).
UNWIND $hubs AS hub
MATCH (s:SceneKGMeta {id: 'hubref:' + hub})
WHERE any(x IN s.refs WHERE x IN $ids)
RETURN hub AS id
