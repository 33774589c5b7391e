// name: entities_by_label
// title: Entities of one label
// description: Every entity of an ontology label, by name, with its origin (curated knowledge base or discovered in text) and number of aliases.
// params: label:str=Platform -- Company, Person, Product, Platform, Event or Organization
// example: label=Person
MATCH (e:Entity)
WHERE e.kind = $label
RETURN e.id AS entity_id, e.name AS name, e.origin AS origin, size(e.aliases) AS aliases
ORDER BY name, entity_id
