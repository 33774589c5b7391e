// name: most_connected
// title: Most connected entities
// description: Entities with the most relations (degree, any type, either direction), optionally of one label.
// params: label:str=Company -- an ontology label (Company, Person, Product, Platform, Event, Organization; empty: all)
// params: n:int=10 -- how many entities
// example: label=Company; n=5
WITH COLLECT { UNWIND CASE WHEN $label = '' THEN [true] ELSE [] END AS every_label
                MATCH (c:Entity) RETURN c }
   + COLLECT { MATCH (c:Entity) WHERE c.kind = $label RETURN c } AS candidates
UNWIND candidates AS c
// Every relationship joins two entities, so the degree is the node's stored degree.
WITH c, COUNT { (c)--() } AS degree
WHERE degree > 0
RETURN c.id AS entity_id, c.name AS name, c.kind AS kind, degree
ORDER BY degree DESC, entity_id
LIMIT $n
// variant: embedded
MATCH (c:Entity)-[]-(:Entity)
WHERE $label = '' OR c.kind = $label
WITH c, count(*) AS degree
RETURN c.id AS entity_id, c.name AS name, c.kind AS kind, degree
ORDER BY degree DESC, entity_id
LIMIT $n
