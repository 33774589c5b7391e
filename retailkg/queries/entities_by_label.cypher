// name: entities_by_label
// title: Entities of one label
// description: Every entity of an ontology label, by name, with its origin (curated knowledge base or discovered in text) and number of aliases.
// params: label:str=Platform -- Company, Person, Product, Platform, Event or Organization
// example: label=Person
// The (kind, name) index gives the entities of the label in name order: Neo4j reads the first
// row_limit of them (the catalogue ends the query with LIMIT $row_limit) instead of sorting the
// whole label. Ordering by the fixed kind first is what lets the planner use that order; every
// entity has a name.
MATCH (e:Entity)
WHERE e.kind = $label AND e.name IS NOT NULL
RETURN e.id AS entity_id, e.name AS name, e.origin AS origin, size(e.aliases) AS aliases
ORDER BY e.kind, name, entity_id
// variant: embedded
// Sorted on id and name alone, cut to the rows the caller reads, then completed: LadybugDB has no
// index to walk in name order, and carrying every column through the sort of a whole label
// (40,000 companies at 100k entities) doubled its cost.
MATCH (e:Entity)
WHERE e.kind = $label
WITH e.id AS entity_id, e.name AS name
ORDER BY name, entity_id
LIMIT $row_limit
MATCH (x:Entity)
WHERE x.id = entity_id
RETURN entity_id, name, x.origin AS origin, size(x.aliases) AS aliases
ORDER BY name, entity_id
