// What the next write needs of each kept hub profile of $hubs, without its text: relationships
// and places (itself, or a city and its districts).
UNWIND $hubs AS hub
MATCH (s:SceneKGMeta {id: 'hubref:' + hub})
RETURN hub AS id, s.degree AS degree, s.places AS places
