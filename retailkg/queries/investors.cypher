// name: investors
// title: Investors and acquirers
// description: Who invests in (INVESTS_IN) or acquired (ACQUIRES) the entity, with trust and evidence counts.
// params: entity:str=JD.com -- the investee, by name, alias or id
// example: entity=京东
WITH $entity AS q, $entity_key AS k
MATCH (x:Entity)
WHERE x.id = q OR k IN x.keys OR x.name = q OR any(a IN x.aliases WHERE a = q)
MATCH (i:Entity)-[r:INVESTS_IN|ACQUIRES]->(x)
RETURN x.id AS entity_id, x.name AS entity, type(r) AS relation, i.id AS investor_id, i.name AS investor,
       i.kind AS kind, r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY relation DESC, investor_id, entity_id
// variant: embedded
WITH $entity AS q, $entity_key AS k
MATCH (x:Entity)
WHERE x.id = q OR k IN x.keys OR x.name = q OR any(a IN x.aliases WHERE a = q)
MATCH (i:Entity)-[r:INVESTS_IN|ACQUIRES]->(x)
RETURN x.id AS entity_id, x.name AS entity, label(r) AS relation, i.id AS investor_id, i.name AS investor,
       i.kind AS kind, r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY relation DESC, investor_id, entity_id
