"""scripts/test: its first pass runs on SQLite, its second on PostgreSQL, whatever the
environment says (the README's test command)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Stand-ins for what the script calls: each records its environment and arguments, or succeeds.
RECORDER = '#!/bin/sh\necho "$(basename "$0") ${TEST_DATABASE_URL:-unset} $*" >> "$CALLS"\n'
STUBS = {
    "chromium": "#!/bin/sh\n",
    "ldconfig": "#!/bin/sh\necho libpango-1.0.so.0\n",
    "fc-list": "#!/bin/sh\necho DejaVuSans.ttf\n",
    "pg_isready": "#!/bin/sh\n",
    "redis-cli": "#!/bin/sh\n",
}


def _run_script(tmp_path: Path, **env: str) -> list[str]:
    """Run a copy of scripts/test against stand-ins; the pytest calls it made."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "test", tmp_path / "scripts" / "test")
    venv, path = tmp_path / ".venv" / "bin", tmp_path / "path"
    venv.mkdir(parents=True)
    path.mkdir()
    for folder, name, text in [
        *((venv, name, RECORDER) for name in ("python", "pip", "ruff")),
        *((path, name, text) for name, text in STUBS.items()),
    ]:
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)
    calls = tmp_path / "calls"
    environment = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    environment |= {"PATH": f"{path}:/usr/bin:/bin", "CALLS": str(calls), **env}
    subprocess.run(
        [str(tmp_path / "scripts" / "test"), "-k", "cart"],
        env=environment, check=True, capture_output=True,
    )
    return [line for line in calls.read_text().splitlines() if line.startswith("python")]


@pytest.mark.parametrize(
    "url",
    ["", "postgresql+psycopg2://postgres@127.0.0.1:5432/other"],
    ids=["unset", "set"],
)
def test_the_first_pass_runs_on_sqlite_and_the_second_on_postgresql(tmp_path, url):
    env = {"TEST_DATABASE_URL": url} if url else {}
    first, second = _run_script(tmp_path, **env)
    assert first == "python unset -m pytest -q -n 2 -p no:cacheprovider -k cart"
    expected = url or "postgresql+psycopg2://postgres@127.0.0.1:5432/shop_test"
    assert second == f"python {expected} -m pytest -q -n 2 -p no:cacheprovider -k cart"
