"""The package under test is the installed wheel, and its stub matches the runtime."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

from support import SOURCE_DIR

import jsonseam


def test_imported_from_installed_wheel():
    package = Path(jsonseam.__file__).resolve().parent
    assert package.is_relative_to(Path(sysconfig.get_paths()["purelib"]).resolve())
    assert not package.is_relative_to((SOURCE_DIR / "python").resolve())
    assert (package / "py.typed").exists()
    assert (package / "__init__.pyi").exists()


def test_exceptions_subclass_value_error():
    assert issubclass(jsonseam.SchemaError, ValueError)
    assert issubclass(jsonseam.RejectionError, ValueError)


def test_stub_defaults_match_runtime_options():
    stub = Path(jsonseam.__file__).with_name("__init__.pyi")
    tree = ast.parse(stub.read_text())
    validator = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Validator")
    init = next(node for node in validator.body if isinstance(node, ast.FunctionDef) and node.name == "__init__")
    documented = {
        argument.arg: ast.literal_eval(default) for argument, default in zip(init.args.kwonlyargs, init.args.kw_defaults)
    }
    assert documented == jsonseam.Validator(True).options


def test_version():
    assert jsonseam.__version__.count(".") == 2
