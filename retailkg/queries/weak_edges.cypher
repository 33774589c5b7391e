// name: weak_edges
// title: Weakly evidenced relations
// description: The least trusted relations backed by at most the given number of source articles: candidates for checking, lowest confidence first.
// params: max_articles:int=1 -- the most articles a relation may have to be listed
// params: limit:int=100 -- how many relations (the least trusted)
// example: max_articles=1; limit=20
// One COLLECT per relation type: Neo4j walks that type's confidence index in order and stops
// after $limit rows (an untyped pattern cannot use a relationship index).
WITH COLLECT { MATCH (a:Entity)-[r:COMPETES_WITH]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.articles) <= $max_articles
               RETURN r ORDER BY r.confidence, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:PARTNERS_WITH]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.articles) <= $max_articles
               RETURN r ORDER BY r.confidence, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:INVESTS_IN]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.articles) <= $max_articles
               RETURN r ORDER BY r.confidence, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:ACQUIRES]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.articles) <= $max_articles
               RETURN r ORDER BY r.confidence, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:SELLS_ON]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.articles) <= $max_articles
               RETURN r ORDER BY r.confidence, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:OWNS]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.articles) <= $max_articles
               RETURN r ORDER BY r.confidence, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:PRODUCES]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.articles) <= $max_articles
               RETURN r ORDER BY r.confidence, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:WORKS_AT]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.articles) <= $max_articles
               RETURN r ORDER BY r.confidence, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:PARTICIPATES_IN]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.articles) <= $max_articles
               RETURN r ORDER BY r.confidence, a.id, b.id LIMIT $limit } AS rels
UNWIND rels AS r
WITH startNode(r) AS a, r, endNode(r) AS b
RETURN a.id AS source_id, a.name AS source, type(r) AS relation, b.id AS target_id, b.name AS target,
       r.confidence AS confidence, r.evidence_count AS evidence, r.articles AS articles
ORDER BY confidence, source_id, relation, target_id
LIMIT $limit
// variant: embedded
// LadybugDB has no index on relationship properties, and sorting all 500k relations costs ~100 ms.
// So first a bound: among the first 30,000 relations in storage order (read without a sort),
// those with at most $max_articles evidence sentences (so at most as many articles: they
// qualify, and the count is a plain column), the $limit-th lowest confidence. The answer's
// $limit relations lie within it (that sample alone holds $limit qualifying ones), so only
// relations <= $bound are joined and sorted.
// With fewer than $limit in the sample, nothing is cut. Then only entities whose stored bound
// (out_conf_low: at most the lowest confidence of their outgoing relations, kept by the
// embedded store's writes) reaches $bound are expanded: 25 ms instead of 350 ms at 500k relations.
// let: bound
MATCH ()-[s]->()
WITH s.confidence AS c, s.evidence_count <= $max_articles AS qualifies
LIMIT 30000
WITH collect(CASE WHEN qualifies THEN c ELSE NULL END) AS cs
RETURN CASE WHEN size(cs) < $limit THEN 2.0 ELSE list_sort(cs)[$limit] END AS bound
// in:
MATCH (a:Entity)
WHERE a.out_conf_low <= $bound  // needs: confidence_bounds
MATCH (a)-[r]->(b:Entity)
WHERE r.confidence <= $bound AND size(r.articles) <= $max_articles
RETURN a.id AS source_id, a.name AS source, label(r) AS relation, b.id AS target_id, b.name AS target,
       r.confidence AS confidence, r.evidence_count AS evidence, r.articles AS articles
ORDER BY confidence, source_id, relation, target_id
LIMIT $limit
