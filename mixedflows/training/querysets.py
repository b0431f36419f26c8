"""Visibility of training records: the organising agency's own, for those who hold the training permission."""

from mixedflows.core.querysets import OwnedQuerySet


class TrainingQuerySet(OwnedQuerySet):
    view_permission = "training.view"
