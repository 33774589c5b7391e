// name: entity_articles
// title: Articles about an entity
// description: Articles that state at least one relation of the entity, newest first, with how many of its relations each supports.
// params: entity:str=Xiaomi -- the entity, by name, alias or id
// example: entity=小米
MATCH (x:Entity)
WHERE x.id IN $entity_ids
MATCH (x)-[r]-(:Entity)
WITH x, r.articles AS arts
UNWIND arts AS aid
WITH x, aid, count(*) AS relations
MATCH (art:Article {id: aid})
RETURN x.id AS entity_id, art.id AS article, art.date AS date, art.title AS title, art.source AS source,
       art.lang AS lang, relations
ORDER BY date DESC, article, entity_id
