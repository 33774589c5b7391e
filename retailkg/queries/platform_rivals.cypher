// name: platform_rivals
// title: Rivals on the same platforms
// description: Other sellers on the platforms the entity sells on, with the number and names of shared platforms and whether a direct competition is also stated.
// params: entity:str=Xiaomi -- the seller, by name, alias or id
// example: entity=Xiaomi
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (x)-[:SELLS_ON]->(p:Entity)<-[:SELLS_ON]-(c:Entity)
WHERE c.id <> x.id
WITH x, c, p ORDER BY p.name
WITH x, c, count(p) AS shared, collect(p.name) AS platforms
RETURN x.id AS entity_id, x.name AS entity, c.id AS rival_id, c.name AS rival, c.kind AS kind,
       shared, platforms, EXISTS { MATCH (x)-[:COMPETES_WITH]-(c) } AS direct_competitor
ORDER BY shared DESC, rival_id, entity_id
// variant: embedded
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (x)-[:SELLS_ON]->(p:Entity)<-[:SELLS_ON]-(c:Entity)
WHERE c.id <> x.id
WITH x, c, count(p) AS shared, list_sort(collect(p.name)) AS platforms
RETURN x.id AS entity_id, x.name AS entity, c.id AS rival_id, c.name AS rival, c.kind AS kind,
       shared, platforms, EXISTS { MATCH (x)-[:COMPETES_WITH]-(c) } AS direct_competitor
ORDER BY shared DESC, rival_id, entity_id
