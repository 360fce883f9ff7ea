"""RDF: the ontology matches the schema, exports validate against the SHACL shapes (and broken
ones do not), export -> wipe -> import restores every property, RDF files load through the same
checks as any input, and SPARQL on pyoxigraph answers as Cypher does on the graph.
Expected answers checked against data/curated/relationships.yaml and article 004."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
import typer
from fastapi.testclient import TestClient
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from api import cli_rdf
from api.app import create_app
from graph.errors import InputError, InputErrors
from graph.schema import ENDPOINTS, REL_PROPERTIES, Label, RelType
from graph.settings import REPO_ROOT
from graph.store import GraphStore
from ingest.pipeline import ingest
from model.dataset import SECTIONS, FigureEntry
from model.rdf_terms import CLASSES, DATE_KEYS, PREDICATES, SCENEKG, entity_id, entity_iri, property_term
from queries.neighbourhood import neighbourhood
from queries.rdf_export import RdfFormat, export_rdf
from queries.stats import stats
from tests.conftest import CURATED, TEMPLATES, wipe

ONTOLOGY = REPO_ROOT / "data" / "ontology" / "scenekg.ttl"
SHAPES = REPO_ROOT / "data" / "ontology" / "shapes.ttl"
SUFFIX = {RdfFormat.TURTLE: ".ttl", RdfFormat.NT: ".nt", RdfFormat.JSON_LD: ".jsonld"}
RDFLIB_FORMAT = {RdfFormat.TURTLE: "turtle", RdfFormat.NT: "nt", RdfFormat.JSON_LD: "json-ld"}
TANGSHAN_BEIJING = URIRef("https://w3id.org/scenekg/id/statement/collaboratesWith/city/tangshan/city/beijing")


def _parse(text: str, fmt: RdfFormat = RdfFormat.TURTLE) -> Graph:
    return Graph().parse(data=text, format=RDFLIB_FORMAT[fmt])


def _shacl(data: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = validate(data, shacl_graph=Graph().parse(SHAPES))
    return bool(conforms), report


def _dump(store: GraphStore) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with all its properties, sorted; lists stay lists."""
    nodes = store.read(
        "MATCH (n) WHERE NOT n:SceneKGMeta RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props"
    )
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props"
    )
    return (
        sorted(nodes, key=lambda r: r["id"]),
        sorted(rels, key=lambda r: (r["type"], r["start"], r["end"])),
    )


# ---------------------------------------------------------------- the ontology


def _labels_of(ontology: Graph, expression: Any) -> set[Label]:
    """The labels a class expression denotes: a class, or a (nested) owl:unionOf."""
    members = ontology.value(expression, OWL.unionOf)
    if members is None:
        return {label for label, term in CLASSES.items() if term == expression}
    return set().union(*(_labels_of(ontology, m) for m in Collection(ontology, members)))


def test_ontology_has_a_class_per_label_and_a_property_per_type_with_the_schemas_endpoints() -> None:
    ontology = Graph().parse(ONTOLOGY)
    for label in Label:
        assert (CLASSES[label], RDF.type, OWL.Class) in ontology, label
    for rel in RelType:
        predicate = PREDICATES[rel]
        assert (predicate, RDF.type, OWL.ObjectProperty) in ontology, rel
        starts, ends = ENDPOINTS[rel]
        assert _labels_of(ontology, ontology.value(predicate, RDFS.domain)) == starts, rel
        assert _labels_of(ontology, ontology.value(predicate, RDFS.range)) == ends, rel


def _model_fields(label: Label) -> dict[str, Any]:
    if label is Label.FIGURE:
        return {k: f for k, f in FigureEntry.model_fields.items() if k != "sources"}
    model = {m.label: m for m in SECTIONS.values()}[label]
    common = {"id", "name_zh", "name_en", "aliases", "description", "sources", "figures"}
    return {k: f for k, f in model.model_fields.items() if k not in common}


@pytest.mark.parametrize("label", list(Label), ids=str)
def test_ontology_declares_every_property_of_a_label_with_its_domain_and_range(label: Label) -> None:
    ontology = Graph().parse(ONTOLOGY)
    for key, field in _model_fields(label).items():
        term = property_term(key)
        assert (term, RDF.type, OWL.DatatypeProperty) in ontology, key
        assert label in _labels_of(ontology, ontology.value(term, RDFS.domain)), key
        is_date = "check_partial_date" in repr(field.annotation)
        assert (key in DATE_KEYS) == is_date, key
        if is_date:
            assert ontology.value(term, RDFS.range) == SCENEKG.PartialDate, key


def test_ontology_declares_relationship_properties_on_statements() -> None:
    ontology = Graph().parse(ONTOLOGY)
    for key in set().union(*REL_PROPERTIES.values()) - {"description"}:
        assert ontology.value(property_term(key), RDFS.domain) == SCENEKG.Statement, key


def test_iris_percent_encode_non_ascii_slugs_and_read_back() -> None:
    iri = entity_iri("enterprise:示例企业甲")
    assert iri == URIRef(
        "https://w3id.org/scenekg/id/enterprise/%E7%A4%BA%E4%BE%8B%E4%BC%81%E4%B8%9A%E7%94%B2"
    )
    assert entity_id(iri) == "enterprise:示例企业甲"
    assert entity_id(entity_iri("figure:city.hefei.events_held")) == "figure:city.hefei.events_held"
    assert entity_id("https://example.org/city/hefei") is None
    assert entity_id("https://w3id.org/scenekg/id/planet/mars") is None


# ---------------------------------------------------------------- export and SHACL


def test_export_of_the_bundled_graph_conforms_to_the_shapes(loaded: GraphStore) -> None:
    result = export_rdf(loaded, RdfFormat.TURTLE)
    counts = stats(loaded)
    assert (result.nodes, result.relationships) == (counts.nodes, counts.relationships)
    data = _parse(result.text)
    assert len(data) == result.triples
    conforms, report = _shacl(data)
    assert conforms, report.serialize(format="turtle")


@pytest.mark.parametrize("fmt", list(RdfFormat), ids=str)
def test_every_format_holds_the_same_triples(loaded: GraphStore, fmt: RdfFormat) -> None:
    turtle = _parse(export_rdf(loaded, RdfFormat.TURTLE).text)
    other = export_rdf(loaded, fmt)
    assert other.media_type == {"turtle": "text/turtle", "nt": "application/n-triples"}.get(
        fmt.value, "application/ld+json"
    )
    assert _parse(other.text, fmt).isomorphic(turtle)


def _break_statement_citations(data: Graph) -> None:
    data.remove((TANGSHAN_BEIJING, SCENEKG.citations, None))


def _drop_statement(data: Graph) -> None:
    data.remove((TANGSHAN_BEIJING, None, None))


def _break_entity_citations(data: Graph) -> None:
    data.remove((entity_iri("city:tangshan"), SCENEKG.citations, None))


def _drop_chinese_name(data: Graph) -> None:
    data.remove((entity_iri("city:tangshan"), RDFS.label, Literal("唐山市", lang="zh")))


def _figure_value_as_text(data: Graph) -> None:
    figure = entity_iri("figure:alliance.scenario-innovation-city-alliance.co_founders_besides_hefei")
    data.set((figure, SCENEKG.value, Literal("19")))


def _membership_of_a_city(data: Graph) -> None:
    data.add((entity_iri("city:tangshan"), PREDICATES[RelType.MEMBER_OF], entity_iri("city:beijing")))


def _membership_from_a_province(data: Graph) -> None:
    data.add((entity_iri("province:hebei"), PREDICATES[RelType.MEMBER_OF], entity_iri("city:beijing")))


ALLIANCE = "alliance:scenario-innovation-city-alliance"
# what is damaged: (centre of the exported neighbourhood, the damage, what the report says)
DAMAGES: dict[str, tuple[str, Callable[[Graph], None], str]] = {
    "statement without citations": ("city:tangshan", _break_statement_citations, "cites at least one source"),
    "relationship without statement": ("city:tangshan", _drop_statement, "has no scenekg:Statement"),
    "entity without citations": ("city:tangshan", _break_entity_citations, "an entity cites at least one"),
    "entity without a Chinese name": ("city:tangshan", _drop_chinese_name, "one Chinese (@zh)"),
    "figure value as text": (ALLIANCE, _figure_value_as_text, "DatatypeConstraintComponent"),
    "relationship to a class out of range": (
        "city:tangshan",
        _membership_of_a_city,
        "ClassConstraintComponent",
    ),
    "relationship from a class out of domain": (
        "city:tangshan",
        _membership_from_a_province,
        "ClosedConstraint",
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_shapes_refuse_a_damaged_export(loaded: GraphStore, damage: str) -> None:
    centre, harm, message = DAMAGES[damage]
    data = _parse(export_rdf(loaded, RdfFormat.TURTLE, around=centre, hops=1).text)
    assert _shacl(data)[0]
    harm(data)
    conforms, report = _shacl(data)
    assert not conforms
    assert message in report.serialize(format="turtle")


def test_neighbourhood_export_holds_the_neighbourhood_its_figures_and_cited_sources(
    loaded: GraphStore,
) -> None:
    result = export_rdf(loaded, RdfFormat.TURTLE, around="唐山", hops=1)
    data = _parse(result.text)
    ids = {str(v) for v in data.objects(None, DCTERMS.identifier)}
    near = {node.id for node in neighbourhood(loaded, "city:tangshan", 1).nodes}
    # article 004 p36: Tangshan draws on Beijing and Tianjin, lands two scenarios; part of Hebei
    assert near == {
        "city:tangshan",
        "city:beijing",
        "city:tianjin",
        "province:hebei",
        "scenario:tangshan-robot-application",
        "scenario:tangshan-steel-intelligence",
    }
    figures = {i for i in ids if i.startswith("figure:")}
    owners = {entity_id(o) for o in data.objects(None, SCENEKG.owner)}
    cited = {c.split("#")[0] for c in _citations(data)}
    assert owners <= near
    assert ids == near | figures | cited
    assert result.scope.startswith("city:tangshan within 1 hop")


def _citations(data: Graph) -> set[str]:
    return {str(c) for head in data.objects(None, SCENEKG.citations) for c in Collection(data, head)}


def test_export_is_byte_identical_across_processes(loaded: GraphStore) -> None:
    """Hash randomisation changes set order from one process to the next; output must not."""
    script = (
        "import json; from graph.store import open_store; "
        "from queries.rdf_export import RdfFormat, export_rdf; "
        "print(json.dumps([export_rdf(open_store(), f).text for f in RdfFormat]))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=300,
        ).stdout
        for seed in ("1", "2")
    ]
    here = [export_rdf(loaded, fmt).text for fmt in RdfFormat]
    assert json.loads(runs[0]) == json.loads(runs[1]) == here


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("fmt", list(RdfFormat), ids=str)
def test_export_wipe_import_restores_counts_and_every_property(
    store: GraphStore, tmp_path: Path, fmt: RdfFormat
) -> None:
    ingest(store, [CURATED], batch_size=500)
    ingest(store, sorted(TEMPLATES.glob("*.csv")), batch_size=500)
    before_stats, before = stats(store), _dump(store)
    exported = tmp_path / f"graph{SUFFIX[fmt]}"
    exported.write_text(export_rdf(store, fmt).text, encoding="utf-8")
    wipe(store)
    assert stats(store).nodes == 0
    summary = ingest(store, [exported], batch_size=500)
    assert summary.total("nodes").created == before_stats.nodes
    after_stats = stats(store)
    assert (after_stats.labels, after_stats.relationship_types) == (
        before_stats.labels,
        before_stats.relationship_types,
    )
    assert _dump(store) == before


def test_rdf_and_csv_in_one_load_csv_rows_may_name_rdf_entities(store: GraphStore, tmp_path: Path) -> None:
    places = tmp_path / "places.ttl"
    places.write_text(
        """@prefix scenekg: <https://w3id.org/scenekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix city: <https://w3id.org/scenekg/id/city/> .
@prefix tech: <https://w3id.org/scenekg/id/tech/> .
@prefix source: <https://w3id.org/scenekg/id/source/> .

source:notes a scenekg:Source ; scenekg:title "notes" ;
    rdfs:label "notes"@zh, "notes"@en ; scenekg:citations ( "source:notes#document" ) .
city:wuhu a scenekg:City ; rdfs:label "芜湖市"@zh, "Wuhu"@en ;
    skos:altLabel "芜湖"@zh, "Wuhu City"@en ; scenekg:citations ( "source:notes#p1" ) .
tech:robotics a scenekg:Technology ; rdfs:label "机器人"@zh, "Robotics"@en ;
    scenekg:citations ( "source:notes#p2" ) .
""",
        encoding="utf-8",
    )
    listing = tmp_path / "list.csv"
    listing.write_text("id,name_zh,city,needs\nO-1,机会,芜湖,机器人\n", encoding="utf-8")
    ingest(store, [listing, places], batch_size=500)
    [city] = store.read("MATCH (c:City {id: 'city:wuhu'}) RETURN properties(c) AS p")
    assert city["p"]["aliases"] == ["Wuhu City", "芜湖"]  # skos:altLabel alone: sorted
    links = store.read("MATCH (o:Opportunity)-[r]->(x) RETURN type(r) AS type, x.id AS id ORDER BY type")
    assert links == [{"type": "LOCATED_IN", "id": "city:wuhu"}, {"type": "NEEDS", "id": "tech:robotics"}]


_GOOD = """@prefix scenekg: <https://w3id.org/scenekg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix city: <https://w3id.org/scenekg/id/city/> .
@prefix source: <https://w3id.org/scenekg/id/source/> .

source:t a scenekg:Source ; scenekg:title "t" ; rdfs:label "t"@zh, "t"@en ;
    scenekg:citations ( "source:t#document" ) .
city:a a scenekg:City ; rdfs:label "甲市"@zh, "A"@en ; scenekg:citations ( "source:t#p1" ) .
city:b a scenekg:City ; rdfs:label "乙市"@zh, "B"@en ; scenekg:citations ( "source:t#p1" ) .
"""
_UNCITED_STATEMENT = """city:a scenekg:collaboratesWith city:b .
<https://w3id.org/scenekg/id/statement/x> a scenekg:Statement ;
    rdf:subject city:a ; rdf:predicate scenekg:collaboratesWith ; rdf:object city:b .
"""
_NAMELESS = 'city:c a scenekg:City ; scenekg:citations ( "source:t#p1" ) .\n'
# file name, content, where the problem is reported, what it says
BAD_FILES = [
    (
        "syntax.ttl",
        _GOOD + 'city:c a scenekg:City ; rdfs:label "丙\n',
        "syntax.ttl, row 12",
        "not valid Turtle",
    ),
    (
        "class.ttl",
        _GOOD + "city:c a scenekg:Planet .\n",
        "field 'rdf:type'",
        "unknown class(es) scenekg:Planet",
    ),
    ("property.ttl", _GOOD + 'city:a scenekg:population "9" .\n', "field 'scenekg:population'", "unknown"),
    (
        "unstated.ttl",
        _GOOD + "city:a scenekg:collaboratesWith city:b .\n",
        "field 'scenekg:collaboratesWith'",
        "city:a -> city:b has no scenekg:Statement",
    ),
    ("uncited.ttl", _GOOD + _UNCITED_STATEMENT, "field 'scenekg:citations'", "no citations"),
    ("nameless.ttl", _GOOD + _NAMELESS, "field 'rdfs:label'", "city:c: Field required"),
    (
        "mistyped.ttl",
        _GOOD.replace("city:a a scenekg:City", "city:a a scenekg:Alliance"),
        "field 'rdf:type'",
        "another label",
    ),
    (
        "literal.ttl",
        _GOOD + 'source:t scenekg:published "x"^^xsd:integer .\n',
        "field 'scenekg:published'",
        "not a valid",
    ),
    (
        "remote.jsonld",
        '{"@context": "https://example.org/context.jsonld", "@id": "city:a"}',
        "field '@context'",
        "remote JSON-LD contexts are not fetched",
    ),
    ("broken.jsonld", '{"@id": "x",\n "y": [1,}', "broken.jsonld, row 2", "not valid JSON"),
]


@pytest.mark.parametrize(("name", "content", "where", "message"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_rdf_is_refused_with_its_location_and_nothing_is_written(
    store: GraphStore, tmp_path: Path, name: str, content: str, where: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ingest(store, [path], batch_size=500)
    problems = caught.value.errors if isinstance(caught.value, InputErrors) else [caught.value]
    assert any(where in str(p) and message in str(p) for p in problems), [str(p) for p in problems]
    assert stats(store).nodes == 0


def test_the_same_file_without_a_defect_loads(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "good.ttl"
    path.write_text(_GOOD, encoding="utf-8")
    ingest(store, [path], batch_size=500)
    assert stats(store).labels == {"City": 2, "Source": 1}


# ---------------------------------------------------------------- a second engine


def _sparql(store: pyoxigraph.Store, query: str) -> list[tuple[str | None, ...]]:
    prefixes = (
        "PREFIX scenekg: <https://w3id.org/scenekg/ontology#>\n"
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "PREFIX city: <https://w3id.org/scenekg/id/city/>\n"
        "PREFIX tech: <https://w3id.org/scenekg/id/tech/>\n"
    )
    solutions = typing.cast(pyoxigraph.QuerySolutions, store.query(prefixes + query))
    names = [v.value for v in solutions.variables]
    return sorted(tuple(None if row[n] is None else row[n].value for n in names) for row in solutions)


CROSS_CHECKS = {
    # relationships.yaml: Hefei initiated both alliances (source:004#p34, #p40, since 2025-05)
    "alliance members and roles": (
        """SELECT ?member ?alliance ?role ?since WHERE {
            ?st a scenekg:Statement ; rdf:predicate scenekg:memberOf ;
                rdf:subject [ dcterms:identifier ?member ] ; rdf:object [ dcterms:identifier ?alliance ] ;
                scenekg:role ?role .
            OPTIONAL { ?st scenekg:since ?since }
        }""",
        "MATCH (m)-[r:MEMBER_OF]->(a:Alliance) RETURN m.id, a.id, r.role, r.since",
        [
            ("city:hefei", "alliance:hefei-soe-scenario-innovation-alliance", "initiator", None),
            ("city:hefei", "alliance:scenario-innovation-city-alliance", "initiator", "2025-05"),
        ],
    ),
    # Xiamen's smart-home and smart-ward scenarios apply HarmonyOS (article 004)
    "cities whose scenarios apply HarmonyOS": (
        """SELECT DISTINCT ?city WHERE {
            ?scenario a scenekg:Scenario ; scenekg:applies tech:harmonyos ; scenekg:locatedIn ?c .
            ?c a scenekg:City ; dcterms:identifier ?city .
        }""",
        "MATCH (c:City)<-[:LOCATED_IN]-(:Scenario)-[:APPLIES]->(:Technology {id: 'tech:harmonyos'}) "
        "RETURN DISTINCT c.id",
        [("city:xiamen",)],
    ),
    # Tangshan draws on Beijing (and Tianjin) innovation resources: source:004#p36
    "sources of the Tangshan-Beijing collaboration": (
        """SELECT ?citation WHERE {
            ?st rdf:subject city:tangshan ; rdf:predicate scenekg:collaboratesWith ; rdf:object city:beijing ;
                scenekg:citations/rdf:rest*/rdf:first ?citation .
        }""",
        "MATCH (:City {id: 'city:tangshan'})-[r:COLLABORATES_WITH]->(:City {id: 'city:beijing'}) "
        "UNWIND r.sources AS citation RETURN citation",
        [("source:004#p36",)],
    ),
}


@pytest.mark.parametrize("question", list(CROSS_CHECKS))
def test_sparql_on_pyoxigraph_answers_as_cypher_does(loaded: GraphStore, question: str) -> None:
    sparql, cypher, expected = CROSS_CHECKS[question]
    triples = pyoxigraph.Store()
    triples.load(export_rdf(loaded, RdfFormat.TURTLE).text, format=pyoxigraph.RdfFormat.TURTLE)
    answer = _sparql(triples, sparql)
    graph_answer = sorted(tuple(row.values()) for row in loaded.read(cypher))
    assert answer == graph_answer == expected


# ---------------------------------------------------------------- command line and HTTP


def _cli() -> typer.Typer:
    app = typer.Typer()
    cli_rdf.register(app)
    return app


def test_cli_writes_a_neighbourhood_to_a_file(loaded: GraphStore, tmp_path: Path) -> None:
    target = tmp_path / "tangshan.nt"
    result = CliRunner().invoke(
        _cli(), ["export", "rdf", "--format", "nt", "--around", "唐山", "--hops", "1", "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    written = export_rdf(loaded, RdfFormat.NT, around="city:tangshan", hops=1)
    assert target.read_text(encoding="utf-8") == written.text
    assert f"{written.triples} triples written to {target}" in result.output


def test_cli_prints_json_ld_with_its_context(loaded: GraphStore) -> None:
    result = CliRunner().invoke(_cli(), ["export", "rdf", "-f", "json-ld"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["@context"]["citations"] == {"@id": "scenekg:citations", "@container": "@list"}
    assert any(node.get("@id") == "city:tangshan" for node in document["@graph"])


def test_cli_refuses_hops_without_a_centre(loaded: GraphStore) -> None:
    result = CliRunner().invoke(_cli(), ["export", "rdf", "--hops", "2"])
    assert result.exit_code != 0
    assert "only applies with --around" in str(result.exception)


@pytest.fixture
def client(loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("SCENEKG_API_KEY", raising=False)
    app = create_app()
    with TestClient(app) as test_client:
        yield test_client


def test_http_serves_rdf_with_its_media_type(client: TestClient, loaded: GraphStore) -> None:
    response = client.get("/export/rdf", params={"format": "nt", "around": "唐山", "hops": 1})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/n-triples; charset=utf-8"
    assert response.text == export_rdf(loaded, RdfFormat.NT, around="city:tangshan", hops=1).text
    assert client.get("/export/rdf", params={"around": "hefie"}).status_code == 404
    assert client.get("/export/rdf", params={"hops": 9, "around": "唐山"}).status_code == 422
