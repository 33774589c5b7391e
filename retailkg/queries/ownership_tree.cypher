// name: ownership_tree
// title: Ownership tree under a group
// description: Every OWNS edge reachable from the group within the given depth (Alibaba → Ant Group → Alipay), each at its smallest depth.
// params: entity:str=Alibaba -- the group at the root, by name, alias or id
// params: depth:int=3 -- how many ownership levels to follow (1–5)
// example: entity=阿里巴巴; depth=3
MATCH p = (x:Entity)-[:OWNS*0..4]->(o:Entity)
WHERE x.id IN $entity_ids
MATCH (o)-[r:OWNS]->(y:Entity)
WITH x, o, y, r, min(length(p)) + 1 AS depth
WHERE depth <= $depth
RETURN x.id AS root_id, depth, o.id AS owner_id, o.name AS owner, y.id AS owned_id, y.name AS owned,
       y.kind AS kind, r.confidence AS confidence
ORDER BY depth, owner_id, owned_id, root_id
