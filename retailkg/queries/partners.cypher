// name: partners
// title: Partners
// description: Entities stated to partner with the entity (PARTNERS_WITH, either direction).
// params: entity:str=Xiaomi -- the entity, by name, alias or id
// example: entity=小米
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (x)-[r:PARTNERS_WITH]-(c:Entity)
RETURN x.id AS entity_id, x.name AS entity, c.id AS partner_id, c.name AS partner, c.kind AS kind,
       r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY confidence DESC, partner_id, entity_id
