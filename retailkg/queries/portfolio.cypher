// name: portfolio
// title: Portfolio: investments and acquisitions
// description: What the entity invests in or has acquired.
// params: entity:str=Tencent -- the investor, by name, alias or id
// example: entity=腾讯
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (x)-[r:INVESTS_IN|ACQUIRES]->(t:Entity)
RETURN x.id AS entity_id, x.name AS entity, type(r) AS relation, t.id AS target_id, t.name AS target,
       t.kind AS kind, r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY relation DESC, target_id, entity_id
// variant: embedded
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (x)-[r:INVESTS_IN|ACQUIRES]->(t:Entity)
RETURN x.id AS entity_id, x.name AS entity, label(r) AS relation, t.id AS target_id, t.name AS target,
       t.kind AS kind, r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY relation DESC, target_id, entity_id
