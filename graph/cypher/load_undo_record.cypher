// What one part of a load created, written in the same transaction as those rows, so a load
// that never finishes can be taken out again: node ids of one label, or the ends of
// relationships of one type between one start and one end label.
CREATE (m:SceneKGMeta {id: $id, kind: 'undo', load: $load, label: $label, rel: $rel, start: $start,
                       end: $end, ids: $ids, starts: $starts, ends: $ends})
