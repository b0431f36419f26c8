"""Forums, procedures and documents stay in their agencies and are not in the technical administration."""
