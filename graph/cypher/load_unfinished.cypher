MATCH (m:SceneKGMeta {kind: 'load'})
RETURN m.load AS load, m.state AS state, m.pid AS pid, m.host AS host, m.started AS started,
       m.files AS files
ORDER BY m.started
