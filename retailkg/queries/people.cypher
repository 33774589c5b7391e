// name: people
// title: People and their roles
// description: People stated to work at the entity (WORKS_AT), with the role the article gives.
// params: entity:str=Xiaomi -- the company or organisation, by name, alias or id
// example: entity=小米集团
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (p:Entity)-[r:WORKS_AT]->(x)
RETURN x.id AS entity_id, x.name AS entity, p.id AS person_id, p.name AS person, r.role AS role,
       r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY person_id, entity_id
