// name: multilingual_edges
// title: Relations confirmed in several languages
// description: Relations with evidence in at least the given number of languages (e.g. Chinese and English press).
// params: min_languages:int=2 -- the fewest evidence languages
// example: min_languages=2
MATCH (a:Entity)-[r]->(b:Entity)
WHERE size(r.languages) >= $min_languages
RETURN a.id AS source_id, a.name AS source, type(r) AS relation, b.id AS target_id, b.name AS target,
       r.languages AS languages, r.evidence_count AS evidence, r.confidence AS confidence
ORDER BY size(r.languages) DESC, confidence DESC, source_id, relation, target_id
// variant: embedded
MATCH (a:Entity)-[r]->(b:Entity)
WHERE size(r.languages) >= $min_languages
RETURN a.id AS source_id, a.name AS source, label(r) AS relation, b.id AS target_id, b.name AS target,
       r.languages AS languages, r.evidence_count AS evidence, r.confidence AS confidence
ORDER BY size(r.languages) DESC, confidence DESC, source_id, relation, target_id
