"""The model layer: what every reader, query and the extractor share, below all of them.

Ids and citations, name folding and the name index, the result references (`EntityRef`,
`SourceRef`), the RDF vocabulary, the revision cache and the shared limits. It imports only
`graph/`; `ingest/`, `queries/` and `extract/` import it and never each other.
"""
