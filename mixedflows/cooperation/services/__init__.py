"""Writes of the cooperation app: one module per concept, each service one transaction with its audit event."""
