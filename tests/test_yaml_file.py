"""The one YAML reader every loader uses: safe, UTF-8, errors that name the file and the line."""

from __future__ import annotations

import pytest

from coach.lexicon import LexiconError, load_file
from coach.training.exercises import parse_exercise_file
from coach.yaml_file import YamlError, parse_yaml, read_yaml


def test_reads_a_file_and_drops_a_byte_order_mark(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes("\ufeffitems: [a, b]\n".encode())
    assert read_yaml(path) == {"items": ["a", "b"]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"- id: [unclosed\n", "at line 2"),
        (b"\xff\xfe\x00garbage", "binary file"),
        (b"caf\xe9: 1\n", "not UTF-8 text"),
        (b"!!python/object/apply:os.system ['echo hacked']\n", "not valid YAML"),
    ],
)
def test_bad_data_is_a_clear_error_naming_the_source(data, message):
    with pytest.raises(YamlError, match=message) as err:
        parse_yaml(data, "company.yml")
    assert str(err.value).startswith("company.yml: ")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(YamlError, match="missing.yml: cannot be read"):
        read_yaml(tmp_path / "missing.yml")


def test_both_loaders_report_the_same_way(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_bytes(b"- id: [unclosed\n")
    with pytest.raises(LexiconError, match=r"broken\.yml: not valid YAML at line 2"):
        load_file(path)
    exercises, errors = parse_exercise_file("broken.yml", path.read_bytes())
    assert exercises == [] and errors[0].startswith("broken.yml: not valid YAML at line 2")


def test_the_fast_loader_gives_the_pure_python_loaders_data() -> None:
    """Every YAML file the project ships reads the same with libyaml's loader as with PyYAML's own."""
    from pathlib import Path

    import yaml

    from coach.yaml_file import SAFE_LOADER

    root = Path(__file__).resolve().parent.parent
    files = sorted(p for folder in ("lexicons", "exercises") for p in (root / folder).rglob("*.yml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=SAFE_LOADER) == yaml.load(text, Loader=yaml.SafeLoader), path
