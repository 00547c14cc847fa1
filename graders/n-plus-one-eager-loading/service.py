"""The grader's side of n-plus-one-eager-loading (runs in the grader's process, see
crucible_link.py): the SQLite database the app's sessions talk to, with every statement the
app sends recorded here, where the app cannot reach the count. The tests seed authors and
books straight into the tables the app created from its `Author` and `Book` models."""

from __future__ import annotations

from typing import Any

from crucible_sql import SqlService


class Service(SqlService):
    def reset(self) -> None:
        """Before each test: empty tables, no statements."""
        self.db.clear_rows()

    def seed(self, authors: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Inserts authors, then their books interleaved across authors (every author's first
        book, then every author's second book...), so that book id order differs from author
        order; returns them with their ids (statements forgotten)."""
        created = []
        for author in authors:
            author_id = self.db.insert("author", name=author["name"])
            created.append({"id": author_id, "name": author["name"], "books": []})
        for rank in range(max((len(a["books"]) for a in authors), default=0)):
            for author, out in zip(authors, created):
                if rank < len(author["books"]):
                    book = author["books"][rank]
                    book_id = self.db.insert("book", title=book["title"], year=book["year"],
                                             author_id=out["id"])
                    out["books"].append({"id": book_id, "title": book["title"], "year": book["year"]})
        self.db.clear_statements()
        return created
