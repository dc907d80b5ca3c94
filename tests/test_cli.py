"""The command line: exit codes, one-line errors, atomic and deterministic output."""
from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import run as run_mod
from pipeline.cli import main
from tests.conftest import ROOT

OUTPUTS = ["documents.csv", "sentences.csv", "mentions.csv", "entities.csv", "relations.csv", "knowledge_base.json",
           "datapackage.json", "review_spin.csv", "review_pairs.csv", "merged_ids.csv", "run.json", "report.html",
           "conditions.csv", "documents.jsonl", "conditions.jsonl", "entities.jsonl", "relations.jsonl",
           "knowledge_base.sqlite", "schemas/relations.schema.json", "schemas/knowledge_base.schema.json"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_missing_raw_folder_is_one_line_and_exit_2(tmp_path: Path):
    res = _cli("curate", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0
    assert "does not exist" in res.stderr and "--raw" in res.stderr


def test_cli_bad_arguments_exit_2():
    res = _cli("curate", "--workers", "many")
    assert res.returncode == 2 and "invalid int value" in res.stderr
    assert _cli("frobnicate").returncode == 2
    assert _cli("curate", "--until", "nowhere").returncode == 2


def test_cli_bad_config_lists_every_problem(tmp_path: Path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[spin]\nthreshold = 'high'\ncolour = 1\n[nope]\nx = 1\n")
    res = _cli("curate", "--raw", "raw", "--out", str(tmp_path / "o"), "--config", str(cfg))
    assert res.returncode == 2
    for part in ("[spin] threshold must be a number", "[spin] unknown key 'colour'", "unknown section [nope]"):
        assert part in res.stderr


def _commands():
    """(command, its parser) for every command of the live parser."""
    import argparse

    from pipeline.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, dict(sub.choices)


def test_cli_help_names_every_command():
    parser, commands = _commands()
    res = _cli("--help")
    assert res.returncode == 0
    for name in commands:
        assert name in res.stdout


def test_readme_documents_every_command_and_option():
    """Every command and every option of the live parser appears in the README, each as a whole word
    (``--work`` is not found inside ``--workers``)."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser, commands = _commands()
    for name, sub in commands.items():
        assert re.search(rf"python -m pipeline {re.escape(name)}\b", readme), f"README does not show command {name}"
        for action in sub._actions:
            for option in action.option_strings:
                if option in ("-h", "--help"):
                    continue
                assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", readme), \
                    f"README does not document {name} {option}"
    for option in (o for a in parser._actions for o in a.option_strings if o not in ("-h", "--help")):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", readme), f"README does not document {option}"


def test_cli_writes_all_outputs_deterministically(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["curate", "--raw", str(ROOT / "raw"), "--out", str(a), "--quiet", "--workers", "1"]) == 0
    assert main(["curate", "--raw", str(ROOT / "raw"), "--out", str(b), "--quiet", "--workers", "2"]) == 0
    for name in OUTPUTS:
        assert (a / name).exists(), name
        assert filecmp.cmp(a / name, b / name, shallow=False), f"{name} differs between runs"
    assert not list(a.glob(".curate-*"))


def test_cli_crash_leaves_previous_outputs(tmp_path: Path, monkeypatch):
    out = tmp_path / "o"
    assert main(["curate", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    before = {n: (out / n).read_bytes() for n in OUTPUTS}

    def boom(*a, **k):
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(run_mod, "pass2", boom)
    with pytest.raises(RuntimeError):
        main(["curate", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet", "--workers", "1", "--no-cache"])
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before
    assert not list(out.glob(".curate-*"))


def test_cli_until_stops_after_a_stage(tmp_path: Path):
    out = tmp_path / "o"
    assert main(["curate", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet", "--until", "segment",
                 "--workers", "1"]) == 0
    text = (out / "sentences.csv").read_text(encoding="utf-8")
    assert ",boilerplate," not in text and len(text.splitlines()) > 100
    assert (out / "mentions.csv").read_text().count("\n") == 1


def test_cli_stage_subcommands_chain(tmp_path: Path):
    work = tmp_path / "w"
    steps = [("ingest", str(ROOT / "raw")), ("html", None), ("segment", None), ("clean", None), ("despin", None),
             ("extract", None)]
    prev = None
    for name, inp in steps:
        target = work / f"{name}.jsonl"
        assert main(["stage", name, "--input", inp or str(prev), "--output", str(target)]) == 0
        assert target.stat().st_size > 0
        prev = target


def test_readme_documents_every_reason_code_and_rule():
    import re

    from pipeline.resources.loader import boilerplate_rules

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in boilerplate_rules():
        assert f"`{rule.id}`" in readme, f"rule {rule.id} is not in the README"
        assert f"`{rule.group}`" in readme, f"group {rule.group} is not in the README"
    code = (ROOT / "pipeline/stages/clean.py").read_text(encoding="utf-8")
    for reason in set(re.findall(r'"([a-z_]+:[a-z_]+)', code)):
        assert f"`{reason}" in readme, f"reason {reason} is not in the README"


def test_readme_configuration_example_loads(tmp_path: Path):
    import re

    from pipeline.config import load_settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    toml = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    cfg = tmp_path / "c.toml"
    cfg.write_text(toml, encoding="utf-8")
    settings = load_settings(cfg)
    assert settings.spin.threshold == 0.45 and settings.dedupe.auto_merge == 94.0


def test_cli_exit_codes_output_and_summary(tmp_path: Path):
    """A run in a subprocess: exit 0 with the summary on stderr and every table written; a missing raw
    folder is exit 2 with one line; ``prune-cache`` prints its summary on stdout."""
    out = tmp_path / "o"
    res = _cli("curate", "--raw", "raw", "--out", str(out), "--workers", "2")
    assert res.returncode == 0, res.stderr
    assert "curated 5 documents: 4 kept, 1 quarantined, 0 failed" in res.stderr
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0
    res = _cli("curate", "--raw", str(tmp_path / "missing"), "--out", str(out))
    assert res.returncode == 2 and "does not exist" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    cache = tmp_path / "cache"
    assert _cli("curate", "--raw", "raw", "--out", str(out), "--quiet", "--cache-dir", str(cache)).returncode == 0
    res = _cli("prune-cache", "--cache-dir", str(cache))
    assert res.returncode == 0 and "deleted 0 entries, kept" in res.stdout


def test_cli_outputs_do_not_depend_on_the_hash_seed(tmp_path: Path):
    """Each process hashes strings with its own seed, so anything that follows a set's or a dict-of-sets'
    order could change between runs; two runs under different seeds write the same bytes."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "pipeline", "curate", "--raw", str(ROOT / "raw"), "--out", str(out),
                        "--quiet", "--no-cache"], cwd=ROOT, env=env, check=True, capture_output=True)
        outs.append(out)
    for name in OUTPUTS:
        assert filecmp.cmp(outs[0] / name, outs[1] / name, shallow=False), f"{name} differs between hash seeds"


def test_the_curate_console_script_runs_curate_by_default(tmp_path: Path, monkeypatch):
    from pipeline.cli import curate_script

    out = tmp_path / "o"
    monkeypatch.setattr("sys.argv", ["curate", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet", "--workers", "1"])
    assert curate_script() == 0 and (out / "documents.csv").is_file()
    monkeypatch.setattr("sys.argv", ["curate", "report", "--out", str(out)])
    assert curate_script() == 0


def test_the_curate_console_script_names_itself_in_its_messages(tmp_path: Path, monkeypatch, capsys):
    from pipeline import __version__
    from pipeline.cli import curate_script

    monkeypatch.setattr("sys.argv", ["curate", "--raw", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert curate_script() == 2
    assert capsys.readouterr().err.startswith("curate: error: raw folder")
    monkeypatch.setattr("sys.argv", ["curate", "--version"])
    with pytest.raises(SystemExit):
        curate_script()
    assert capsys.readouterr().out.strip() == f"curate {__version__}"


def test_progress_is_lines_when_stderr_is_not_a_terminal():
    import io

    from pipeline.run import ProgressLines

    buf = io.StringIO()
    with ProgressLines(100, "read", buf, every=0.0) as bar:
        bar.update(40)
        bar.update(60)
    lines = buf.getvalue().splitlines()
    assert lines[0].startswith("read: 40/100 documents (40 %)") and lines[-1].startswith("read: 100/100 documents (100 %)")
    assert "\r" not in buf.getvalue()
