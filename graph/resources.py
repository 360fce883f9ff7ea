"""The data that ships with scenekg: the curated dataset, the CSV templates, the RDF ontology
and the extraction vocabulary.

In the checkout they sit in `data/`; pyproject.toml installs that folder as the package
`scenekg_data`, so code finds them through `importlib.resources` and the same lookup works from
a wheel, an editable install and the test suite, never through a path relative to the code
(which only a checkout has).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE = "scenekg_data"


def data_path(*parts: str) -> Path:
    """A bundled folder or file, e.g. `data_path("curated")`. A wheel installs its data as
    plain files, so the resource is a real path the loaders can glob and open."""
    resource = files(PACKAGE)
    for part in parts:
        resource = resource.joinpath(part)
    return Path(str(resource))
