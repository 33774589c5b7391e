// name: event_participants
// title: Events and their participants
// description: Events (all, or the one named) with the companies, people and platforms stated to take part.
// params: event:str= -- the event, by name, alias or id (empty: every event)
// example: event=双十一
// Anchored on the event when one is named (index lookup), every event otherwise.
WITH COLLECT { UNWIND CASE WHEN $event = '' THEN [true] ELSE [] END AS every_event
                MATCH (ev:Entity) WHERE ev.kind = 'Event' RETURN ev }
   + COLLECT { MATCH (ev:Entity) WHERE ev.id IN $event_ids AND ev.kind = 'Event' RETURN ev } AS events
UNWIND events AS ev
WITH DISTINCT ev
MATCH (p:Entity)-[r:PARTICIPATES_IN]->(ev)
RETURN ev.id AS event_id, ev.name AS event, p.id AS participant_id, p.name AS participant, p.kind AS kind,
       r.role AS role, r.evidence_count AS evidence
ORDER BY event_id, participant_id
// variant: embedded
MATCH (ev:Entity)
WHERE ev.kind = 'Event' AND ($event = '' OR ev.id IN $event_ids)
MATCH (p:Entity)-[r:PARTICIPATES_IN]->(ev)
RETURN ev.id AS event_id, ev.name AS event, p.id AS participant_id, p.name AS participant, p.kind AS kind,
       r.role AS role, r.evidence_count AS evidence
ORDER BY event_id, participant_id
