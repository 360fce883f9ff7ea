// Lint Cypher with Neo4j's own front-end (@neo4j-cypher/language-support, pinned in
// package.json). Reads {"version": "CYPHER 5", "schema": {...}, "queries": [{"name", "text"}]}
// as JSON on standard input; writes [{"name", "errors": [...], "warnings": [...]}] as JSON.
// Undefined-parameter diagnostics are dropped: scenekg passes every value as a parameter.
import { readFileSync } from 'node:fs';
import { lintCypherQuery, isNotParamError } from '@neo4j-cypher/language-support';

const ERROR = 1;
const input = JSON.parse(readFileSync(0, 'utf8'));
const schema = { ...input.schema, defaultLanguage: input.version };
const results = input.queries.map(({ name, text }) => {
  const diagnostics = lintCypherQuery(text, schema).diagnostics.filter(isNotParamError);
  const describe = (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`;
  return {
    name,
    errors: diagnostics.filter((d) => d.severity === ERROR).map(describe),
    warnings: diagnostics.filter((d) => d.severity !== ERROR).map(describe),
  };
});
process.stdout.write(JSON.stringify(results));
