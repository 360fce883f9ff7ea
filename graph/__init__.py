"""Graph store: settings, schema, the embedded server and the driver wrapper."""
