"""Usage errors as a user meets them: one message from click, exit code 2, never a traceback;
`--version`; a bare `scenekg` prints the help; `serve --help` and the README agree on /docs."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from graph.store import GraphStore
from tests.test_cli import run


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["shwo", "合肥"], "No such command 'shwo'"),
        (["export", "rdf", "--format", "xml"], "'xml' is not one of"),
        (["path", "a", "b", "-k", "99"], "Invalid value for '-k'"),
        (["show", "合肥", "--cap", "0"], "Invalid value for '--cap'"),
        (["search"], "Missing argument"),
    ],
)
def test_a_usage_error_is_one_message_and_exit_code_2(args: list[str], says: str) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) < 10


def test_version_and_bare_command() -> None:
    shown = run("--version")
    assert shown.returncode == 0 and shown.stdout.strip() == f"scenekg {version('scenekg')}"
    bare = run()
    assert "Usage:" in bare.stdout + bare.stderr and "Traceback" not in bare.stderr
    assert "show" in bare.stdout + bare.stderr


def test_a_wrong_kind_names_what_it_is_for_every_command_that_needs_one(loaded: GraphStore) -> None:
    for args, message in [
        (["diffusion", "合肥"], "'合肥' is a City (city:hefei); diffusion needs a Technology"),
        (["match", "合肥"], "'合肥' is a City (city:hefei); match needs an Opportunity or an Enterprise"),
        (["similar", "人工智能"], "is a Technology (tech:artificial-intelligence); similar needs a City"),
    ]:
        result = run(*args)
        assert result.returncode == 2 and message in result.stderr, result.stderr


def test_an_unknown_name_suggests_nothing_unrelated(loaded: GraphStore) -> None:
    result = run("show", "Atlantis")
    assert result.returncode == 1
    assert "no entity matches 'Atlantis'" in result.stderr and "did you mean" not in result.stderr
