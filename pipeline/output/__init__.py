"""Everything that decides what goes in the output folder: per-document rows, the global tables, the knowledge base."""
