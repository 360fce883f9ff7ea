"""The interfaces: the `scenekg` command line and (later) the HTTP API."""
