"""The pipeline's stages: each a small module with one entry point over Documents."""
