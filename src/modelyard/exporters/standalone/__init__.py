"""Files shipped inside exports; they never import modelyard."""
