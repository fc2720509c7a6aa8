"""The error the job services raise for bad input, shared by jobs.py and masterpiece.py."""


class JobError(ValueError):
    """Bad input for a job; `code` is machine-readable, `status` the HTTP answer."""

    def __init__(self, code: str, message: str, status: int):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status
