// name: pagerank
// title: Most central entities (PageRank)
// description: PageRank over the whole graph (every relation counted in both directions), computed in Python on every call from the entities and relation endpoints (networkx's definition), so both stores give the same figures. Costs seconds on a large graph.
// kind: python
// params: label:str=Company -- an ontology label (empty: all)
// params: n:int=10 -- how many entities
// example: label=; n=5
// Computed in Python by retailkg.queries.catalog.pagerank_rows: no Cypher runs.
