from tests.organisation.conftest import city  # noqa: F401  (the shared organisation tree)
