// Who and what surrounds an alliance: everything tied to it directly (members, places, figures,
// what it released or launched), the initiatives its members launched or take part in, and the
// places its members are located in (so that many members fold per place).
MATCH (a:Alliance {id: $id})--(n)
RETURN n.id AS id
UNION
MATCH (a:Alliance {id: $id})<-[:MEMBER_OF]-(member)-[:LAUNCHED|PARTICIPATES_IN]->(n:Initiative)
RETURN n.id AS id
UNION
MATCH (a:Alliance {id: $id})<-[:MEMBER_OF]-(member)-[:LOCATED_IN]->(n)
RETURN n.id AS id
