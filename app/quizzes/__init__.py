"""The knowledge-check bank: multiple-choice questions in quizzes/<topic>.toml."""
