// name: edge_evidence
// title: Evidence for the relations between two entities
// description: Every sentence that states a relation between the two entities (either direction), with its article, date and language.
// params: source:str=Lei Jun -- one entity, by name, alias or id
// params: target:str=Xiaomi -- the other entity, by name, alias or id
// example: source=雷军; target=millet
MATCH (s:Entity)-[r]->(t:Entity)
WHERE s.id IN $source_ids + $target_ids AND t.id <> s.id
  AND ((s.id IN $source_ids AND t.id IN $target_ids) OR (s.id IN $target_ids AND t.id IN $source_ids))
UNWIND range(0, size(r.ev_article) - 1) AS i
OPTIONAL MATCH (art:Article {id: r.ev_article[i]})
RETURN s.id AS source_id, type(r) AS relation, t.id AS target_id, i + 1 AS n, r.ev_lang[i] AS lang,
       r.ev_sentence[i] AS sentence, r.ev_confidence[i] AS confidence, r.ev_article[i] AS article,
       art.date AS date, art.title AS title
ORDER BY relation, source_id, target_id, n
// variant: embedded
MATCH (s:Entity)
WHERE s.id IN $source_ids OR s.id IN $target_ids
MATCH (s)-[r]->(t:Entity)
WHERE t.id <> s.id AND ((s.id IN $source_ids AND t.id IN $target_ids) OR (s.id IN $target_ids AND t.id IN $source_ids))
WITH s, t, label(r) AS relation, r.ev_article AS arts, r.ev_sentence AS sents, r.ev_lang AS langs,
     r.ev_confidence AS confs
UNWIND range(1, size(arts)) AS i
OPTIONAL MATCH (art:Article {id: arts[i]})
RETURN s.id AS source_id, relation, t.id AS target_id, i AS n, langs[i] AS lang, sents[i] AS sentence,
       confs[i] AS confidence, arts[i] AS article, art.date AS date, art.title AS title
ORDER BY relation, source_id, target_id, n
