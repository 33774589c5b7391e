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
// From the named entity (its deals out, then its deals in, as plain values), or from every entity
// when none is named: a single pattern with `a.id IN … OR b.id IN …` made LadybugDB scan every
// deal (70-90 ms at 500k relations; 25-35 ms this way). A deal between two named entities is seen
// from both, hence DISTINCT.
MATCH (x:Entity)
WHERE $entity = '' OR x.id IN $entity_ids
OPTIONAL MATCH (x)-[o:ACQUIRES|INVESTS_IN]->(t:Entity)
WITH x, collect(CASE WHEN t IS NULL THEN NULL ELSE {rel: label(o), s: x.id, sn: x.name, t: t.id, tn: t.name,
                                                   c: o.confidence, arts: o.articles} END) AS outs
OPTIONAL MATCH (f:Entity)-[i:ACQUIRES|INVESTS_IN]->(x)
WITH x, outs, collect(CASE WHEN f IS NULL THEN NULL ELSE {rel: label(i), s: f.id, sn: f.name, t: x.id, tn: x.name,
                                                         c: i.confidence, arts: i.articles} END) AS ins
UNWIND list_concat(outs, ins) AS d
WITH DISTINCT d
WITH d, d.arts AS arts
UNWIND arts AS aid
MATCH (art:Article {id: aid})
WITH d, min(art.date) AS first_reported, count(art) AS articles
RETURN first_reported, d.rel AS relation, d.s AS source_id, d.sn AS source, d.t AS target_id,
       d.tn AS target, d.c AS confidence, articles
ORDER BY first_reported, relation, source_id, target_id
