"""People has no background work yet; bulk loads run through mixedflows.people.bulk."""
