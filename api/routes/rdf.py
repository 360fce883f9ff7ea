"""The graph as RDF (Turtle, N-Triples, JSON-LD) in the scenekg vocabulary, for triple stores."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import StoreDep
from api.routes import LOOKUP_ERRORS, ref_param
from model.limits import MAX_NEIGHBOURHOOD_HOPS
from queries.rdf_export import RdfFormat, export_rdf

router = APIRouter(tags=["export"])

_TURTLE_EXAMPLE = """@prefix city: <https://w3id.org/scenekg/id/city/> .
@prefix province: <https://w3id.org/scenekg/id/province/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix scenekg: <https://w3id.org/scenekg/ontology#> .
...
city:tangshan a scenekg:City ;
    rdfs:label "Tangshan"@en,
        "唐山市"@zh ;
    ...
    scenekg:citations ( "source:004#p4" "source:004#p36" ) ;
    scenekg:collaboratesWith city:beijing,
        city:tianjin ;
    scenekg:partOf province:hebei .
"""

_NTRIPLES_EXAMPLE = (
    "<https://w3id.org/scenekg/id/city/tangshan> <https://w3id.org/scenekg/ontology#collaboratesWith> "
    "<https://w3id.org/scenekg/id/city/beijing> .\n"
    '<https://w3id.org/scenekg/id/city/tangshan> <http://www.w3.org/2000/01/rdf-schema#label> "唐山市"@zh .\n'
)
_JSONLD_EXAMPLE = {
    "@context": {"scenekg": "https://w3id.org/scenekg/ontology#"},
    "@graph": [
        {
            "@id": "https://w3id.org/scenekg/id/city/tangshan",
            "@type": "scenekg:City",
            "scenekg:collaboratesWith": {"@id": "https://w3id.org/scenekg/id/city/beijing"},
        }
    ],
}


@router.get(
    "/export/rdf",
    response_class=Response,
    summary="The graph, or one entity's neighbourhood, as RDF",
    description="The whole graph, or with `around` the entities within `hops` of it, their figures "
    "and the Source nodes they cite, as Turtle, N-Triples or JSON-LD in the scenekg vocabulary "
    "(ontology `https://w3id.org/scenekg/ontology#`). Each relationship is a triple plus a "
    "`scenekg:Statement` carrying its properties and citations. Output is sorted, so the same graph "
    "gives the same bytes.",
    responses={
        200: {
            "description": "The RDF document",
            "content": {
                "text/turtle": {"example": _TURTLE_EXAMPLE},
                "application/n-triples": {"example": _NTRIPLES_EXAMPLE},
                "application/ld+json": {"example": _JSONLD_EXAMPLE},
            },
        },
        **LOOKUP_ERRORS,
    },
)
def get_rdf(
    store: StoreDep,
    format: Annotated[
        RdfFormat,
        Query(description="Serialisation", openapi_examples={"turtle": {"value": "turtle"}}),
    ] = RdfFormat.TURTLE,
    around: Annotated[
        str | None, ref_param("The centre of a partial export", "city:tangshan", "唐山", query=True)
    ] = None,
    hops: Annotated[
        int, Query(ge=1, le=MAX_NEIGHBOURHOOD_HOPS, description="With `around`: how far to reach")
    ] = 1,
) -> Response:
    result = export_rdf(store, format, around, hops)
    return Response(content=result.text, media_type=f"{result.media_type}; charset=utf-8")
