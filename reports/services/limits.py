from config.exceptions import DomainError


class FileTooLarge(DomainError):
    status_code = 413
    code = "file_too_large"


class TooManyRows(DomainError):
    status_code = 400
    code = "too_many_rows"
