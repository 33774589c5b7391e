// name: owners
// title: Owners up the chain
// description: Who owns the entity, directly or through intermediate holdings (up to five levels), nearest first.
// params: entity:str=Alipay -- the owned entity, by name, alias or id
// example: entity=支付宝
MATCH p = (o:Entity)-[:OWNS*1..5]->(x:Entity)
WHERE x.id IN $entity_ids
WITH x, o, min(length(p)) AS levels
RETURN x.id AS entity_id, x.name AS entity, o.id AS owner_id, o.name AS owner, o.kind AS kind, levels
ORDER BY levels, owner_id, entity_id
// variant: embedded
MATCH (o:Entity)-[e:OWNS* SHORTEST 1..5]->(x:Entity)
WHERE x.id IN $entity_ids
WITH x, o, min(length(e)) AS levels
RETURN x.id AS entity_id, x.name AS entity, o.id AS owner_id, o.name AS owner, o.kind AS kind, levels
ORDER BY levels, owner_id, entity_id
