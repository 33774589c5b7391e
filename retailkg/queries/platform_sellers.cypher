// name: platform_sellers
// title: Who sells on a platform
// description: Companies and products stated to sell on the platform, and who owns the platform.
// params: platform:str=Tmall -- the platform, by name, alias or id
// example: platform=天猫
MATCH (x:Entity)
WHERE x.id IN $platform_ids
MATCH (s:Entity)-[r:SELLS_ON]->(x)
RETURN x.id AS platform_id, x.name AS platform, s.id AS seller_id, s.name AS seller, s.kind AS kind,
       r.confidence AS confidence, r.evidence_count AS evidence
ORDER BY seller_id, platform_id
