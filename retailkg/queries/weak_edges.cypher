// name: weak_edges
// title: Weakly evidenced relations
// description: Relations backed by at most the given number of source articles: candidates for checking.
// params: max_articles:int=1 -- the most articles a relation may have to be listed
// example: max_articles=1
MATCH (a:Entity)-[r]->(b:Entity)
WHERE size(r.articles) <= $max_articles
RETURN a.id AS source_id, a.name AS source, type(r) AS relation, b.id AS target_id, b.name AS target,
       r.confidence AS confidence, r.evidence_count AS evidence, r.articles AS articles
ORDER BY confidence, source_id, relation, target_id
// variant: embedded
MATCH (a:Entity)-[r]->(b:Entity)
WHERE size(r.articles) <= $max_articles
RETURN a.id AS source_id, a.name AS source, label(r) AS relation, b.id AS target_id, b.name AS target,
       r.confidence AS confidence, r.evidence_count AS evidence, r.articles AS articles
ORDER BY confidence, source_id, relation, target_id
