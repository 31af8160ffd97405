"""The business registry and the task force's publications.

The registry (businesses named for knowingly facilitating human trafficking: drafting, legal review, approval,
corrections, appeals, delisting, its change log and its open data) lives here, in `publications/`, the name the
design card gives it; there is no `registry` app. Its code says `registry_*` / `entry_*`, its URLs `registry/...`.
"""
