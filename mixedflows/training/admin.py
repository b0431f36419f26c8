"""Courses, events and participants stay in their agency and are not in the platform administrator's admin."""
