// name: most_connected
// title: Most connected entities
// description: Entities with the most relations (degree, any type, either direction), optionally of one label.
// params: label:str=Company -- an ontology label (Company, Person, Product, Platform, Event, Organization; empty: all)
// params: n:int=10 -- how many entities
// example: label=Company; n=5
WITH $label AS lab
MATCH (c:Entity)
WHERE lab = '' OR c.kind = lab
WITH c, COUNT { MATCH (c)-[]-(:Entity) } AS degree
WHERE degree > 0
RETURN c.id AS entity_id, c.name AS name, c.kind AS kind, degree
ORDER BY degree DESC, entity_id
LIMIT $n
