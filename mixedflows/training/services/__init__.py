"""Writes of the training app: courses and events, participants (one by one or a whole list), attendance and
test scores, trainers, certificates, and the audit of what leaves as a report."""
