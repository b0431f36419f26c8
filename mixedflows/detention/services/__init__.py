"""Writes of the detention app: `<entity>_<action>(*, actor, ...)`, one transaction each, audited inside it."""
