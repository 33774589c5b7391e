// name: investors
// title: Investors and acquirers
// description: Who invests in (INVESTS_IN) or acquired (ACQUIRES) the entity, with trust and evidence counts.
// params: entity:str=JD.com -- the investee, by name, alias or id
// example: entity=京东
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (i:Entity)-[r:INVESTS_IN|ACQUIRES]->(x)
RETURN x.id AS entity_id, x.name AS entity, type(r) AS relation, i.id AS investor_id, i.name AS investor,
       i.kind AS kind, r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY relation DESC, investor_id, entity_id
// variant: embedded
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (i:Entity)-[r:INVESTS_IN|ACQUIRES]->(x)
RETURN x.id AS entity_id, x.name AS entity, label(r) AS relation, i.id AS investor_id, i.name AS investor,
       i.kind AS kind, r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY relation DESC, investor_id, entity_id
