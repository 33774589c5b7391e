// name: pagerank
// title: Most central entities (PageRank)
// description: PageRank over the whole graph (every relation counted in both directions, networkx's definition) and each entity's relation count. The scores are computed at the end of every ingest and sync and stored on the entities (e.pagerank, e.degree), so this reads them; if the graph changed since (written by another tool), they are computed on the fly, the same figures, in seconds on a large graph.
// kind: python
// params: label:str=Company -- an ontology label (empty: all)
// params: n:int=10 -- how many entities
// example: label=; n=5
// What runs when the stored scores are current (retailkg.queries.catalog.pagerank_rows checks
// the counts in (:GraphMeta {key: 'pagerank'}) first; graph/rankings.py computes the scores).
MATCH (e:Entity)
WHERE e.pagerank IS NOT NULL AND ($label = '' OR e.kind = $label)
RETURN e.id AS entity_id, e.name AS name, e.kind AS kind, e.pagerank AS pagerank, e.degree AS degree
ORDER BY pagerank DESC, entity_id
LIMIT $n
