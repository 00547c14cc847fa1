"""Grading: the contract, the Docker sandbox, the runner image and the durable queue."""
