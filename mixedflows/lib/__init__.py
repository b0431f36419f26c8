"""Small helpers shared by the apps; none of them knows about a domain model."""
