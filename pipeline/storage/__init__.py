"""Where outputs live and how they are written: schemas, catalog, tables, manifest, caches,
the output folder check, atomic writes."""
