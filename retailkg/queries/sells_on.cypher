// name: sells_on
// title: Platforms an entity sells on
// description: The platforms the company or product sells on, and how many other sellers each platform has.
// params: entity:str=Xiaomi -- the seller, by name, alias or id
// example: entity=小米
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (x)-[r:SELLS_ON]->(p:Entity)
OPTIONAL MATCH (p)<-[:SELLS_ON]-(o:Entity)
WHERE o.id <> x.id
RETURN x.id AS entity_id, x.name AS entity, p.id AS platform_id, p.name AS platform,
       r.confidence AS confidence, count(o) AS other_sellers
ORDER BY platform_id, entity_id
// variant: embedded
// One pattern from the seller and a COUNT subquery per platform: LadybugDB planned the OPTIONAL
// MATCH as a join over every SELLS_ON relationship (60 ms at 500k relations, 15 ms this way).
MATCH (x:Entity)-[r:SELLS_ON]->(p:Entity)
WHERE x.id IN $entity_ids
RETURN x.id AS entity_id, x.name AS entity, p.id AS platform_id, p.name AS platform,
       r.confidence AS confidence, COUNT { MATCH (p)<-[:SELLS_ON]-(o:Entity) WHERE o.id <> x.id } AS other_sellers
ORDER BY platform_id, entity_id
