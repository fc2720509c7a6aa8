"""SQL records (the database side). Named apart from the top-level `models/`
package, which is the neural network."""
from app.records.images import StoredImage
from app.records.jobs import Job, JobStatus
from app.records.ledger import CreditEntry, EntryKind
from app.records.users import User

__all__ = ["CreditEntry", "EntryKind", "Job", "JobStatus", "StoredImage", "User"]
