// A trivial query: the database answers at all.
RETURN 1 AS ok
