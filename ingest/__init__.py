"""Loaders that turn the curated dataset, CSV lists and other inputs into graph writes."""
