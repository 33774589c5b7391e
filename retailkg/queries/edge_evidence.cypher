// name: edge_evidence
// title: Evidence for the relations between two entities
// description: Every sentence that states a relation between the two entities (either direction), with its article, date and language.
// params: source:str=Lei Jun -- one entity, by name, alias or id
// params: target:str=Xiaomi -- the other entity, by name, alias or id
// example: source=雷军; target=millet
WITH $source_ids AS aids, $target_ids AS bids
MATCH (a:Entity)
WHERE a.id IN aids
MATCH (b:Entity)
WHERE b.id IN bids
WITH a, b WHERE a.id <> b.id
WITH [a.id, b.id] AS pair
UNWIND pair AS sid
MATCH (s:Entity {id: sid})-[r]->(t:Entity)
WHERE t.id IN pair AND t.id <> sid
UNWIND range(0, size(r.ev_article) - 1) AS i
OPTIONAL MATCH (art:Article {id: r.ev_article[i]})
RETURN s.id AS source_id, type(r) AS relation, t.id AS target_id, i + 1 AS n, r.ev_lang[i] AS lang,
       r.ev_sentence[i] AS sentence, r.ev_confidence[i] AS confidence, r.ev_article[i] AS article,
       art.date AS date, art.title AS title
ORDER BY relation, source_id, target_id, n
// variant: embedded
WITH $source_ids AS aids, $target_ids AS bids
MATCH (a:Entity)
WHERE a.id IN aids
MATCH (b:Entity)
WHERE b.id IN bids
WITH a, b WHERE a.id <> b.id
WITH [a.id, b.id] AS pair
UNWIND pair AS sid
MATCH (s:Entity {id: sid})-[r]->(t:Entity)
WHERE t.id IN pair AND t.id <> sid
UNWIND range(1, size(r.ev_article)) AS i
OPTIONAL MATCH (art:Article {id: r.ev_article[i]})
RETURN s.id AS source_id, label(r) AS relation, t.id AS target_id, i AS n, r.ev_lang[i] AS lang,
       r.ev_sentence[i] AS sentence, r.ev_confidence[i] AS confidence, r.ev_article[i] AS article,
       art.date AS date, art.title AS title
ORDER BY relation, source_id, target_id, n
