"""Tables and the queries on them; importing this package registers every table."""

from models.audit import AuditEntry
from models.documents import Document, DocumentParent, DocumentRecipient, Requirement, RequirementTarget
from models.drafts import ReportDraft
from models.followup import FollowupStep, PlanFollowup
from models.obligations import Obligation, Submission
from models.org import Unit, UnitGroup, UnitGroupMember
from models.outbox import OutgoingMessage
from models.rates import RateCount
from models.receipts import Receipt, ReceiptCounter

__all__ = [
    "AuditEntry",
    "Document",
    "DocumentParent",
    "DocumentRecipient",
    "FollowupStep",
    "Obligation",
    "OutgoingMessage",
    "PlanFollowup",
    "RateCount",
    "Receipt",
    "ReceiptCounter",
    "Requirement",
    "ReportDraft",
    "RequirementTarget",
    "Submission",
    "Unit",
    "UnitGroup",
    "UnitGroupMember",
]
