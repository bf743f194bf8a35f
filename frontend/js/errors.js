// The API's error codes that the app acts on, in one place. Each is one of the schema's
// `ErrorCode` values (config/tests/test_error_codes.py checks that they exist).

export const ErrorCode = Object.freeze({
  EDIT_WINDOW_EXPIRED: "edit_window_expired",
  INVALID_BACKUP: "invalid_backup",
  INVALID_ROWS: "invalid_rows",
  CATEGORY_IN_USE: "category_in_use",
  AI_DISABLED: "ai_disabled",
  REGISTRATION_CLOSED: "registration_closed",
});
