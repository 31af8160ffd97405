"""The production profile as `make bench` runs it: taskforce.settings.production, unchanged (middleware, sessions,
one-time passwords, logging of errors), except:

- ROOT_URLCONF adds the benchmark's peers under /_bench/ (bench/urls.py) to the portal's URLs, and their plain
  templates are found in bench/templates: the peers run in the same server, settings and run as the portal;
- the tip form's and the registry matcher's rate limits are raised (the load generator sends every request from
  one address, and the benchmark measures the cost of the check, not its refusals);
- collected static files go to a folder of the benchmark's own.

Every secret comes from the environment, as in production (bench/run.py generates them). Signed-in pages are
measured with sessions that bench/run.py creates on the server for the demo accounts (a tip handler's session
carries a verified one-time-password device, as after a real sign-in): nothing here relaxes the sign-in.
"""

import os
from pathlib import Path

from taskforce.settings.production import *  # noqa: F403
from taskforce.settings.production import TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]},
    *TEMPLATES[1:],  # the mails' plain-text engine ("text"), which the notices render with
]
TIPS_RATE_PER_ADDRESS = 10**9
TIPS_RATE_GLOBAL = 10**9
REGISTRY_MATCH_RATE_PER_CLIENT = "1000000/m"  # as the tip form's: the matcher's cost measured, not its refusals
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/taskforce-bench/static"))  # noqa: S108 - benchmark only
