"""The project register: funded projects, their results framework, and the indicators computed from records.

A project belongs to its implementing agency (`organisation`) and is seen by its partner agencies too. An
indicator is a saved query: the key of a counter registered by an app (`core.indicators`) and the
disaggregations chosen for it; its value is never typed in.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import Organisation, OwnedModel
from mixedflows.core.querysets import ProjectPartQuerySet, ProjectQuerySet


class Project(OwnedModel):
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    donors = models.JSONField(_("donors"), default=list, blank=True, help_text=_("Names of the donors"))
    partner_organisations = models.ManyToManyField(
        Organisation, related_name="partner_projects", blank=True, verbose_name=_("partner agencies")
    )
    countries = models.JSONField(_("countries"), default=list, blank=True, help_text=_("ISO 3166-1 alpha-3"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO 4217"))

    objects = ProjectQuerySet.as_manager()  # type: ignore[misc]  # wider than the owner's rows: partners too

    class Meta:
        ordering = ["-starts_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="one_project_code_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    """One line of a project's results framework, computed by a registered counter."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    wording = models.CharField(_("wording"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    counter = models.CharField(_("counted from"), max_length=80, help_text=_("Key of a registered counter"))
    disaggregations = models.JSONField(_("disaggregated by"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["project", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="one_indicator_code_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.wording}"
