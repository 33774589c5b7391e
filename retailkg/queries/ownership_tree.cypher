// name: ownership_tree
// title: Ownership tree under a group
// description: Every OWNS edge reachable from the group within the given depth (Alibaba → Ant Group → Alipay), each at its smallest depth.
// params: entity:str=Alibaba -- the group at the root, by name, alias or id
// params: depth:int[1..5]=3 -- how many ownership levels to follow (1–5)
// example: entity=阿里巴巴; depth=3
// embedded: python -- one level at a time, a fixed-length pattern each, every relation at the first level that reaches it (`retailkg/queries/ownership.py`: LadybugDB loses the zero-length path of `*0..` in a group that owns itself through a chain); the file's embedded variant gives the same rows, listing every chain
MATCH p = (x:Entity)-[:OWNS*0..4]->(o:Entity)
WHERE x.id IN $entity_ids
MATCH (o)-[r:OWNS]->(y:Entity)
WITH x, o, y, r, min(length(p)) + 1 AS depth
WHERE depth <= $depth
RETURN x.id AS root_id, depth, o.id AS owner_id, o.name AS owner, y.id AS owned_id, y.name AS owned,
       y.kind AS kind, r.confidence AS confidence
ORDER BY depth, owner_id, owned_id, root_id
// variant: embedded
// Every chain down to $depth levels; each chain's last relation and its owner come from the path
// itself (nodes(e) lists the entities between the ends, so the owner is the last of x and those).
// No zero-length path, which LadybugDB 0.22 can lose (see retailkg/queries/ownership.py).
MATCH (x:Entity)-[e:OWNS*1..$depth]->(y:Entity)
WHERE x.id IN $entity_ids
WITH x, y, length(e) AS depth, list_extract(rels(e), length(e)) AS r,
     list_extract(list_concat([x], nodes(e)), length(e)) AS o
WITH x, o, y, r, min(depth) AS depth
RETURN x.id AS root_id, depth, o.id AS owner_id, o.name AS owner, y.id AS owned_id, y.name AS owned,
       y.kind AS kind, r.confidence AS confidence
ORDER BY depth, owner_id, owned_id, root_id
