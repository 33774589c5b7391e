// name: neighbourhood
// title: Neighbourhood within 1–3 hops
// description: Entities reachable from the entity within the given number of hops (any relation, either direction), with their distance.
// params: entity:str=Xiaomi -- the centre, by name, alias or id
// params: depth:int[1..3]=2 -- maximum number of hops (1–3)
// example: entity=Xiaomi; depth=2
// embedded: python -- the file's embedded variant, one hop shallower first where that may already fill the row limit (`retailkg/queries/neighbourhood.py`)
// At most $depth hops deep: the catalogue writes the checked $depth into the pattern, where Cypher
// takes no parameter (a search bounded by 3 and filtered afterwards cost a depth-1 query as much as
// a depth-3 one). On Neo4j 5.26 the variable-length expansion measured faster than `SHORTEST 1` to
// every reachable entity; its breadth-first expansion feeds a partial sort that stops by itself.
// Relationships join entities only, so y needs no label check.
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH p = (x)-[*1..$depth]-(y)
WHERE y <> x
WITH x, y, min(length(p)) AS hops
RETURN x.id AS entity_id, y.id AS neighbour_id, y.name AS neighbour, y.kind AS kind, hops
ORDER BY hops, neighbour_id, entity_id
// variant: embedded
// SHORTEST gives one path per pair of entities, so its length is the distance (no min() to group).
MATCH (x:Entity)-[e* SHORTEST 1..$depth]-(y:Entity)
WHERE x.id IN $entity_ids AND y.id <> x.id
RETURN x.id AS entity_id, y.id AS neighbour_id, y.name AS neighbour, y.kind AS kind, length(e) AS hops
ORDER BY hops, neighbour_id, entity_id
