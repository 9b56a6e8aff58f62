"""User-facing errors: each names the field or phrase at fault; the CLI exits 2 on them."""


class InputError(ValueError):
    """Bad input from the user: `field` names what is wrong, `message` says how."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
