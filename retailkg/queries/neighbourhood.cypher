// name: neighbourhood
// title: Neighbourhood within 1–3 hops
// description: Entities reachable from the entity within the given number of hops (any relation, either direction), with their distance.
// params: entity:str=Xiaomi -- the centre, by name, alias or id
// params: depth:int=2 -- maximum number of hops (1–3)
// example: entity=Xiaomi; depth=2
MATCH p = (x:Entity)-[*1..3]-(y:Entity)
WHERE x.id IN $entity_ids AND y.id <> x.id
WITH x, y, min(length(p)) AS hops
WHERE hops <= $depth
RETURN x.id AS entity_id, y.id AS neighbour_id, y.name AS neighbour, y.kind AS kind, hops
ORDER BY hops, neighbour_id, entity_id
// variant: embedded
MATCH (x:Entity)-[e* SHORTEST 1..3]-(y:Entity)
WHERE x.id IN $entity_ids AND y.id <> x.id
WITH x, y, min(length(e)) AS hops
WHERE hops <= $depth
RETURN x.id AS entity_id, y.id AS neighbour_id, y.name AS neighbour, y.kind AS kind, hops
ORDER BY hops, neighbour_id, entity_id
