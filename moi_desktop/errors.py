"""Two kinds of failure: what the user can fix (UserError) and bugs (everything else)."""


class UserError(Exception):
    """An expected failure the user can act on. `message` is Thai and shown as is.

    Raising it must leave the database unchanged (callers raise before writing or inside a
    transaction that rolls back).
    """

    def __init__(self, message: str, *, field: str | None = None, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.detail = detail

    def __str__(self) -> str:
        return self.message
