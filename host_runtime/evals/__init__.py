"""Evaluation suites: prove before a show, and after every change, that the host stays
credible and compliant. A suite is YAML (datasets, checks, gates); the runner writes JSON,
HTML and JUnit reports and exits non-zero when a gate fails."""
