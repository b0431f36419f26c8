"""Writes for cases, one module per concept. Each service is one transaction with its audit event inside it."""
