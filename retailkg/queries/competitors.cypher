// name: competitors
// title: Direct competitors
// description: Entities stated to compete with the entity (COMPETES_WITH, either direction), most trusted first.
// params: entity:str=Xiaomi -- the entity, by name, alias or id
// example: entity=小米
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (x)-[r:COMPETES_WITH]-(c:Entity)
RETURN x.id AS entity_id, x.name AS entity, c.id AS competitor_id, c.name AS competitor, c.kind AS kind,
       r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY confidence DESC, competitor_id, entity_id
