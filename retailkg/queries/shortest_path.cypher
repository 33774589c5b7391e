// name: shortest_path
// title: Shortest paths between two entities
// description: Every shortest chain of relations (any type, either direction, at most 6 hops) linking the two entities.
// params: source:str=Xiaomi -- the first entity, by name, alias or id
// params: target:str=Alipay -- the second entity, by name, alias or id
// example: source=小米; target=支付宝
// embedded: python -- a search from both ends at once (`retailkg/queries/paths.py`, one Cypher read per frontier node); the file's embedded variant when both names are ambiguous
MATCH (a:Entity), (b:Entity)
WHERE a.id IN $source_ids AND b.id IN $target_ids AND a.id <> b.id
MATCH p = allShortestPaths((a)-[*..6]-(b))
WITH a, b, p, [n IN nodes(p) | n.name] AS names, [n IN nodes(p) | n.id] AS ids
RETURN a.id AS source_id, b.id AS target_id, length(p) AS hops,
       reduce(s = head(names), n IN tail(names) | s + ' - ' + n) AS path,
       ids AS path_ids, [r IN relationships(p) | type(r)] AS relations
ORDER BY hops, path, reduce(s = '', n IN ids | s + ' ' + n),
         reduce(s = '', r IN relationships(p) | s + ' ' + type(r)), source_id, target_id
// variant: embedded
MATCH p = (a:Entity)-[* ALL SHORTEST 1..6]-(b:Entity)
WHERE a.id IN $source_ids AND b.id IN $target_ids AND a.id <> b.id
RETURN a.id AS source_id, b.id AS target_id, length(p) AS hops,
       list_to_string(' - ', properties(nodes(p), 'name')) AS path,
       properties(nodes(p), 'id') AS path_ids, properties(rels(p), '_label') AS relations
ORDER BY hops, path, list_to_string(' ', properties(nodes(p), 'id')),
         list_to_string(' ', properties(rels(p), '_label')), source_id, target_id
