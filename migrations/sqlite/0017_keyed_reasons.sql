-- A manufacturing site's change was stored with an English reason ("Manufacturing site:
-- delayed"). Its action already names the event, and each reader now gets the words in
-- their own language: the English copy goes, for the rows stored before as for new ones.
UPDATE timeline_changes SET reason = ''
WHERE source = 'integration'
  AND action IN ('apheresis_material_received', 'manufacturing_started', 'product_released',
                 'out_of_specification', 'shipped', 'delivered', 'delayed');
