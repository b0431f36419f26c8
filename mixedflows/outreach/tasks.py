"""Outreach has no long work yet: sessions are one row each and the counts are computed on request."""
