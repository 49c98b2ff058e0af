"""The one error a rule raises when it refuses: what was asked is not done,
and the message, translatable, says why to the person who asked.

It is a ValueError, so code that reads values (an Excel row, a typed
document number) catches refusals and malformed values alike."""


class DomainError(ValueError):
    """A rule refused an action or a value; `message` is for the user
    (usually lazy text, said in their language when shown)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class FieldError(DomainError):
    """A value does not fit its field: too long, holding a control
    character, or not one of the field's choices."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
