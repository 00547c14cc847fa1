.PHONY: setup run test bench lint validate

setup:
	@bash scripts/setup.sh

run: setup
	CRUCIBLE_DEMO=1 .venv/bin/crucible serve

test: setup
	.venv/bin/ruff check app tests bench graders/runtime
	.venv/bin/crucible quizzes lint
	.venv/bin/python -m pytest -q
	.venv/bin/crucible library validate

validate: setup
	.venv/bin/crucible library validate

bench: setup
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	.venv/bin/python -m bench
	.venv/bin/python -m bench.pages

lint:
	.venv/bin/ruff check app tests bench graders/runtime
	.venv/bin/ruff format --check app tests bench
