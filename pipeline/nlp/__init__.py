"""spaCy side: model resolution and loading, the components added to any model, Doc helpers."""
