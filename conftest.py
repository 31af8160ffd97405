pytest_plugins = ["taskforce.testing.plugin"]
