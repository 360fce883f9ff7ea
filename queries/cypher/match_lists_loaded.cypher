// Whether any opportunity list and any capability list has been loaded.
RETURN COUNT { (:Opportunity) } > 0 AS opportunities, COUNT { (:Capability) } > 0 AS capabilities
