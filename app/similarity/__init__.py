"""Self-hosted code similarity: winnowed fingerprints of normalized token streams."""
