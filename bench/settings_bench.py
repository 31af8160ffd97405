"""The production profile as `make bench` runs it: taskforce.settings.production, unchanged, except:

- the tip form's rate limits are raised (the load generator sends every tip from one address, and the
  benchmark measures the cost of the check, not its refusals);
- collected static files go to a folder of the benchmark's own.

Every secret comes from the environment, as in production (bench/run.py generates them).
"""

import os
from pathlib import Path

from taskforce.settings.production import *  # noqa: F403

TIPS_RATE_PER_ADDRESS = 10**9
TIPS_RATE_GLOBAL = 10**9
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/taskforce-bench/static"))  # noqa: S108 - benchmark only
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
