"""SQL records (the database side). Named apart from the top-level `models/`
package, which is the neural network."""
from app.records.images import StoredImage
from app.records.jobs import Job, JobMethod, JobStatus
from app.records.ledger import CreditEntry, EntryKind
from app.records.payments import Payment, PaymentStatus, StripeEvent
from app.records.previews import PreviewSet
from app.records.shares import ShareLink
from app.records.tokens import ApiToken
from app.records.user_styles import UserStyle
from app.records.users import LoginSession, User

__all__ = ["ApiToken", "CreditEntry", "EntryKind", "Job", "JobMethod", "JobStatus", "LoginSession",
           "Payment", "PaymentStatus", "PreviewSet", "ShareLink", "StoredImage", "StripeEvent", "User",
           "UserStyle"]
