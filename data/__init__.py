"""The bundled data, installed as the package `scenekg_data` (see graph/resources.py).

It holds no code: this file only makes the folder a regular package, so that
`importlib.resources.files("scenekg_data")` resolves it in a wheel and in an editable install.
"""
