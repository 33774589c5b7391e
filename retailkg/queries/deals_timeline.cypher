// name: deals_timeline
// title: Acquisitions and investments over time
// description: ACQUIRES and INVESTS_IN relations (all, or those involving the entity) by the date of the first article reporting them.
// params: entity:str= -- an entity on either side, by name, alias or id (empty: every deal)
// example: entity=Alibaba
// Anchored on the entity when one is named (index lookups), every deal otherwise.
WITH COLLECT { UNWIND CASE WHEN $entity = '' THEN [true] ELSE [] END AS every_deal
                MATCH (:Entity)-[r:ACQUIRES|INVESTS_IN]->(:Entity) RETURN r }
   + COLLECT { MATCH (a:Entity)-[r:ACQUIRES|INVESTS_IN]->(:Entity) WHERE a.id IN $entity_ids RETURN r }
   + COLLECT { MATCH (:Entity)-[r:ACQUIRES|INVESTS_IN]->(b:Entity) WHERE b.id IN $entity_ids RETURN r }
     AS deals
UNWIND deals AS r
WITH DISTINCT r
WITH startNode(r) AS a, r, endNode(r) AS b
UNWIND r.articles AS aid
MATCH (art:Article {id: aid})
WITH a, r, b, min(art.date) AS first_reported, count(art) AS articles
RETURN first_reported, type(r) AS relation, a.id AS source_id, a.name AS source, b.id AS target_id,
       b.name AS target, r.confidence AS confidence, articles
ORDER BY first_reported, relation, source_id, target_id
// variant: embedded
MATCH (a:Entity)-[r:ACQUIRES|INVESTS_IN]->(b:Entity)
WHERE $entity = '' OR a.id IN $entity_ids OR b.id IN $entity_ids
UNWIND r.articles AS aid
MATCH (art:Article {id: aid})
WITH a, r, b, min(art.date) AS first_reported, count(art) AS articles
RETURN first_reported, label(r) AS relation, a.id AS source_id, a.name AS source, b.id AS target_id,
       b.name AS target, r.confidence AS confidence, articles
ORDER BY first_reported, relation, source_id, target_id
