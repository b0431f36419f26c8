"""Writes of the outreach app: `<entity>_<action>(*, actor, ...)`, one transaction each, audited inside it."""
