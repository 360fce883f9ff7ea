"""The interfaces: the `scenekg` command line and the HTTP API (`api.app.create_app`)."""
