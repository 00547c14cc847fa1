"""The `crucible` command."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated

import typer

from app.config import get_settings

cli = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Crucible: sandboxed grading of FastAPI interview challenges.")
sandbox_cli = typer.Typer(no_args_is_help=True, help="The Docker sandbox.")
library_cli = typer.Typer(no_args_is_help=True, help="The challenge library.")
cli.add_typer(sandbox_cli, name="sandbox")
cli.add_typer(library_cli, name="library")
admin_cli = typer.Typer(no_args_is_help=True, help="Staff accounts and API tokens.")
cli.add_typer(admin_cli, name="admin")
quizzes_cli = typer.Typer(no_args_is_help=True, help="The knowledge-check question bank.")
cli.add_typer(quizzes_cli, name="quizzes")


@sandbox_cli.command("build")
def sandbox_build(force: Annotated[bool, typer.Option(help="Rebuild even if present")] = False
                  ) -> None:
    """Build the runner image offline (tagged by a hash of its inputs)."""
    from app.config import REPO_ROOT
    from app.grading.image import ensure_runner_image

    typer.echo(ensure_runner_image(REPO_ROOT, force=force))


@cli.command()
def grade(
    challenge_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON")] = False,
    examples: Annotated[bool, typer.Option(help="Run the visible examples instead")] = False,
) -> None:
    """Grade FILES against a challenge folder (challenges/<slug>; graders/<slug> beside it).

    Exit 0 when every test passed, 1 when the submission did not pass, 2 on a platform or
    grader error.
    """
    from app.cli_grade import grade_files
    from app.errors import DomainError

    try:
        result = asyncio.run(grade_files(challenge_dir, files, examples=examples))
    except DomainError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), indent=2))
    else:
        from app.cli_grade import describe

        typer.echo(describe(result))
    raise typer.Exit(0 if result.verdict == "passed" else
                     1 if result.verdict.is_candidate_outcome else 2)


@library_cli.command("validate")
def library_validate(
    slugs: Annotated[list[str] | None, typer.Argument(help="Challenges (default: all)")] = None,
    jobs: Annotated[int, typer.Option(help="Gradings at once")] = 3,
    repeat: Annotated[int, typer.Option(min=2, help="Runs of the reference and of each "
                                                    "alternative (a flake check)")] = 2,
) -> None:
    """Prove each challenge: schema, reference and alternatives 100 % N times, starter and
    wrong solutions < 100 %."""
    from app.cli_grade import validate_library

    ok = asyncio.run(validate_library(get_settings().library_root, slugs or [], jobs, repeat))
    raise typer.Exit(0 if ok else 1)


@library_cli.command("mutate")
def library_mutate(
    slugs: Annotated[list[str] | None, typer.Argument(help="Challenges (default: all)")] = None,
    jobs: Annotated[int, typer.Option(help="Gradings at once")] = 3,
    max_mutants: Annotated[int, typer.Option(help="Mutants per challenge")] = 24,
    record: Annotated[bool, typer.Option(help="Record the figures in docs/mutation.json")] = True,
) -> None:
    """Mutate each reference (status codes, comparisons, fields, validations) and report the
    share of mutants the hidden tests catch."""
    from app.cli_grade import mutate_library
    from app.errors import DomainError

    try:
        asyncio.run(mutate_library(get_settings().library_root, slugs or [], jobs, max_mutants,
                                   record))
    except DomainError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None


@library_cli.command("coverage")
def library_coverage(
    check: Annotated[bool, typer.Option(help="Only check that the file is up to date")] = False,
) -> None:
    """Write docs/coverage.md: topic -> challenges and knowledge-check questions."""
    from app.library.coverage import COVERAGE_PATH, render_coverage
    from app.library.loader import load_library
    from app.quizzes.loader import load_bank

    root = get_settings().library_root
    library, broken = load_library(root)
    if broken:
        typer.echo(f"error: challenges that do not load: {', '.join(sorted(broken))}", err=True)
        raise typer.Exit(2)
    text = render_coverage(library, load_bank(root))
    path = root / COVERAGE_PATH
    if check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            typer.echo(f"{COVERAGE_PATH} is out of date: run `crucible library coverage`",
                       err=True)
            raise typer.Exit(1)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {COVERAGE_PATH}")


@quizzes_cli.command("lint")
def quizzes_lint() -> None:
    """What test-wise strategies (longest option, shortest, most words shared with the stem,
    most qualifiers) score over the bank and per file; exit 1 above the limits."""
    from app.quizzes.lint import lint
    from app.quizzes.loader import load_bank

    report = lint(load_bank(get_settings().library_root).values())
    typer.echo(report.table())
    problems = report.problems()
    for problem in problems:
        typer.echo(f"FAIL {problem}", err=True)
    raise typer.Exit(1 if problems else 0)


@quizzes_cli.command("verify")
def quizzes_verify() -> None:
    """Run every question's verify snippet and compute every predict question's outcome
    against the installed libraries; exit 1 when an answer no longer holds."""
    from app.quizzes import predict
    from app.quizzes.loader import load_bank
    from app.quizzes.verify import run_snippets

    bank = load_bank(get_settings().library_root)
    results = run_snippets(predict.snippets([q.spec for q in bank.values()]))
    failed = [r for r in results if not r.ok]
    for result in failed:
        typer.echo(f"FAIL {result.question_id}\n{result.output}", err=True)
    predicts = sum(q.spec.kind == "predict" for q in bank.values())
    typer.echo(f"{len(results) - len(failed)}/{len(results)} checks hold "
               f"({len(bank)} questions, {predicts} predict)")
    raise typer.Exit(1 if failed else 0)


@library_cli.command("sync")
def library_sync() -> None:
    """Import the library folder into the database (new challenge and question versions)."""
    from app.cli_library import sync

    typer.echo(run_admin(sync(get_settings())))


@library_cli.command("export")
def library_export(
    slug: str,
    version: Annotated[str | None, typer.Option(help="A version hash (default: newest)")] = None,
) -> None:
    """Write a version published in the browser back to challenges/ and graders/."""
    from app.cli_library import export

    typer.echo(run_admin(export(get_settings(), slug, version)))


@cli.command()
def serve(host: str | None = None, port: int | None = None,
          processes: Annotated[int, typer.Option(help="Web server processes")] = 1) -> None:
    """Run the web app (each process also runs CRUCIBLE_WORKERS grading workers)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run("app.main:create_app", factory=True, host=host or settings.host,
                port=port or settings.port, log_level="info", workers=processes)


@cli.command()
def worker(concurrency: Annotated[int, typer.Option(help="Gradings at once")] = 2) -> None:
    """Run grading workers against the configured database (no web server)."""
    from app.runtime import run_workers

    asyncio.run(run_workers(get_settings(), concurrency))


@admin_cli.command("create-user")
def admin_create_user(
    email: str,
    role: Annotated[str, typer.Option(help="admin or interviewer")] = "interviewer",
    generate: Annotated[bool, typer.Option(help="Generate the password and print it once")
                        ] = False,
) -> None:
    """Create a staff account (the password is prompted for, or generated and shown once)."""
    import secrets

    from app.cli_admin import create_user

    password = secrets.token_urlsafe(18) if generate else typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    run_admin(create_user(get_settings(), email, role, password))
    typer.echo(f"created {role} {email}" + (f"\npassword (shown once): {password}"
                                              if generate else ""))


@admin_cli.command("token")
def admin_token(email: str, name: Annotated[str, typer.Option(help="What it is for")] = "") -> None:
    """Issue an API bearer token for a user (printed once; only its hash is stored)."""
    from app.cli_admin import issue_token

    token_id, token = run_admin(issue_token(get_settings(), email, name))
    typer.echo(f"token {token_id} (shown once): {token}")


@admin_cli.command("revoke-token")
def admin_revoke_token(token_id: int) -> None:
    """Revoke an API token by its number."""
    from app.cli_admin import revoke_token

    run_admin(revoke_token(get_settings(), token_id))
    typer.echo(f"token {token_id} revoked")


def run_admin(coro):  # type: ignore[no-untyped-def]
    """Run an admin action; a rule it breaks is a message and exit code 2, not a traceback."""
    from app.errors import DomainError

    try:
        return asyncio.run(coro)
    except DomainError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
