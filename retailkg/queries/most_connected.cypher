// name: most_connected
// title: Most connected entities
// description: Entities with the most relations (degree, any type, either direction), optionally of one label. The relation counts are stored on the entities at the end of every ingest and sync (e.degree, with PageRank), so this reads them; if the graph changed since (written by another tool), they are counted on the fly, the same figures.
// kind: python
// params: label:str=Company -- an ontology label (Company, Person, Product, Platform, Event, Organization; empty: all)
// params: n:int=10 -- how many entities
// example: label=Company; n=5
// What runs when the stored counts are current (retailkg.queries.catalog.most_connected_rows checks
// the counts in (:GraphMeta {key: 'pagerank'}) first; graph/rankings.py computes them). Neo4j walks
// its index on e.degree from the top; LadybugDB scans the entities' degree column.
MATCH (e:Entity)
WHERE e.degree > 0 AND ($label = '' OR e.kind = $label)
RETURN e.id AS entity_id, e.name AS name, e.kind AS kind, e.degree AS degree
ORDER BY degree DESC, entity_id
LIMIT $n
