"""A test-only app: a small record with a workflow (Permit) that exercises platform/core/workflow.py without any
domain. Installed only when the tests run (settings.py adds it under pytest)."""
