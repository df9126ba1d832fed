"""The audit (``make audit``) covers exactly what ships: runtime pins and what they pull in."""

from tests.security.dependency_audit import runtime_closure, runtime_requirements


def test_audit_covers_every_runtime_pin_at_its_pinned_version():
    """Every [project].dependencies pin is audited at the exact version pyproject.toml names."""
    closure = runtime_closure()
    for requirement in runtime_requirements():
        name = requirement.name.lower().replace("_", "-")
        pinned = next(iter(requirement.specifier)).version
        assert closure[name] == pinned, (name, closure.get(name), pinned)


def test_audit_includes_transitive_and_excludes_test_tools():
    """Django's own dependencies ship and are audited; pytest and friends do not ship."""
    closure = runtime_closure()
    assert {"asgiref", "sqlparse", "urllib3", "s3transfer"} <= set(closure)
    assert not {"pytest", "schemathesis", "playwright", "ruff", "moto"} & set(closure)
