// name: lookup
// title: Look up an entity by any name
// description: The entity (or entities) known by this name, alias or id, in any script: 小米, millet and Xiaomi find the same node. Matching uses the normalised keys (NFKC, case-folded, letters and digits only) and the exact aliases.
// params: name:str=小米 -- a name, alias (Chinese, pinyin, English, …) or id
// example: name=millet
// Each COLLECT is one index lookup: id constraint, name index, TEXT index on the derived lookup
// property (graph/schema.py), re-checked exactly.
WITH COLLECT { MATCH (e:Entity {id: $name}) RETURN e }
   + COLLECT { MATCH (e:Entity {name: $name}) RETURN e }
   + COLLECT { MATCH (e:Entity) WHERE e.lookup CONTAINS '|' + $name + '|' AND $name IN e.aliases RETURN e }
   + COLLECT { MATCH (e:Entity) WHERE e.lookup CONTAINS '|' + $name_key + '|' AND $name_key IN e.keys
               RETURN e } AS found
UNWIND found AS e
WITH DISTINCT e
RETURN e.id AS entity_id, e.name AS name, e.kind AS kind, e.origin AS origin, e.aliases AS aliases
ORDER BY entity_id
// variant: embedded
// $name_matches: the same entities, found by primary-key lookups in the form table (EntityForm).
MATCH (e:Entity)
WHERE e.id IN $name_matches
RETURN e.id AS entity_id, e.name AS name, e.kind AS kind, e.origin AS origin, e.aliases AS aliases
ORDER BY entity_id
