// name: multilingual_edges
// title: Relations confirmed in several languages
// description: The most trusted relations with evidence in at least the given number of languages (e.g. Chinese and English press), highest confidence first.
// params: min_languages:int=2 -- the fewest evidence languages
// params: limit:int=100 -- how many relations (the most trusted)
// example: min_languages=2; limit=20
// One COLLECT per relation type: Neo4j walks that type's confidence index in order and stops
// after $limit rows (an untyped pattern cannot use a relationship index).
WITH COLLECT { MATCH (a:Entity)-[r:COMPETES_WITH]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.languages) >= $min_languages
               RETURN r ORDER BY r.confidence DESC, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:PARTNERS_WITH]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.languages) >= $min_languages
               RETURN r ORDER BY r.confidence DESC, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:INVESTS_IN]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.languages) >= $min_languages
               RETURN r ORDER BY r.confidence DESC, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:ACQUIRES]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.languages) >= $min_languages
               RETURN r ORDER BY r.confidence DESC, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:SELLS_ON]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.languages) >= $min_languages
               RETURN r ORDER BY r.confidence DESC, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:OWNS]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.languages) >= $min_languages
               RETURN r ORDER BY r.confidence DESC, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:PRODUCES]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.languages) >= $min_languages
               RETURN r ORDER BY r.confidence DESC, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:WORKS_AT]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.languages) >= $min_languages
               RETURN r ORDER BY r.confidence DESC, a.id, b.id LIMIT $limit }
   + COLLECT { MATCH (a:Entity)-[r:PARTICIPATES_IN]->(b:Entity) WHERE r.confidence IS NOT NULL AND size(r.languages) >= $min_languages
               RETURN r ORDER BY r.confidence DESC, a.id, b.id LIMIT $limit } AS rels
UNWIND rels AS r
WITH startNode(r) AS a, r, endNode(r) AS b
RETURN a.id AS source_id, a.name AS source, type(r) AS relation, b.id AS target_id, b.name AS target,
       r.languages AS languages, r.evidence_count AS evidence, r.confidence AS confidence
ORDER BY confidence DESC, source_id, relation, target_id
LIMIT $limit
// variant: embedded
// LadybugDB has no index on relationship properties, and sorting all 500k relations costs ~100 ms.
// So first a bound: among the qualifying relations of the first 50,000 in storage order (read
// without a sort), the $limit-th highest confidence. The answer's $limit relations lie within it (that
// sample alone holds $limit of them), so only relations >= $bound are joined and sorted.
// With fewer than $limit in the sample, nothing is cut. Then only entities whose stored bound
// (out_conf_high: at least the highest confidence of their outgoing relations, kept by the
// embedded store's writes) reaches $bound are expanded: 25 ms instead of 350 ms at 500k relations.
// let: bound
MATCH ()-[s]->()
WITH s.confidence AS c, size(s.languages) >= $min_languages AS qualifies
LIMIT 50000
WITH collect(CASE WHEN qualifies THEN c ELSE NULL END) AS cs
RETURN CASE WHEN size(cs) < $limit THEN -1.0 ELSE list_sort(cs, 'DESC')[$limit] END AS bound
// in:
MATCH (a:Entity)
WHERE a.out_conf_high >= $bound  // needs: confidence_bounds
MATCH (a)-[r]->(b:Entity)
WHERE r.confidence >= $bound AND size(r.languages) >= $min_languages
RETURN a.id AS source_id, a.name AS source, label(r) AS relation, b.id AS target_id, b.name AS target,
       r.languages AS languages, r.evidence_count AS evidence, r.confidence AS confidence
ORDER BY confidence DESC, source_id, relation, target_id
LIMIT $limit
