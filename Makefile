.PHONY: setup run test bench lint validate

setup:
	@bash scripts/setup.sh

run: setup
	CRUCIBLE_DEMO=1 .venv/bin/crucible serve

test: setup
	.venv/bin/ruff check app tests bench
	.venv/bin/python -m pytest -q
	.venv/bin/crucible library validate

validate: setup
	.venv/bin/crucible library validate

bench: setup
	.venv/bin/python -m bench

lint:
	.venv/bin/ruff check app tests bench
	.venv/bin/ruff format --check app tests bench
