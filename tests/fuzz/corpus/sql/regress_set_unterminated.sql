SET a = "unterminated
