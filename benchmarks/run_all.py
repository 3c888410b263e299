"""Run every benchmark script in this folder, one process each (so font caches and imports don't leak)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in sorted(HERE.glob("*.py")):
    if script.name.startswith("_") or script.name == "run_all.py":
        continue
    print(f"== {script.stem}", flush=True)
    result = subprocess.run([sys.executable, str(script)], cwd=HERE, check=False)  # noqa: S603
    if result.returncode:
        sys.exit(result.returncode)
