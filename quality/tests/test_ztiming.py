import time, pytest
from quality.tests.conftest import persona_client
from quality.walk import targets, fetch
pytestmark = pytest.mark.django_db

@pytest.mark.parametrize("persona", ["anonymous", "admin"])
def test_time(demo, persona):
    c = persona_client(persona)
    rows = []
    t0 = time.time()
    for route, path, lang in targets(persona):
        t = time.time(); f = fetch(c, persona, route, path, lang); rows.append((time.time()-t, path, f.status))
    rows.sort(reverse=True)
    print(persona, "total", time.time()-t0, len(rows))
    for r in rows[:12]: print(r)
