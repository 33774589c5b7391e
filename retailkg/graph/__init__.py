"""The graph model (ontology, records) and the stores that hold it."""
