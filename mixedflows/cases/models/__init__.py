"""Case management models, one module per concept."""

from mixedflows.cases.models.cases import Action, Case, CaseMember, CaseStatus, CaseType, new_case_reference
from mixedflows.cases.models.fund import Fund, FundDecision, FundRequest
from mixedflows.cases.models.plan import Assessment, AssessmentFactor, CasePlan, Goal, ServiceDelivery
from mixedflows.cases.models.returns import MonitoringVisit, ReturnCase
from mixedflows.cases.models.trafficking import Identification, ProtectionNeed

__all__ = [
    "Action",
    "Assessment",
    "AssessmentFactor",
    "Case",
    "CaseMember",
    "CasePlan",
    "CaseStatus",
    "CaseType",
    "Fund",
    "FundDecision",
    "FundRequest",
    "Goal",
    "Identification",
    "MonitoringVisit",
    "ProtectionNeed",
    "ReturnCase",
    "ServiceDelivery",
    "new_case_reference",
]
