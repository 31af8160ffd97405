pytest_plugins = ["taskforce.testing.plugin", "taskforce.testing.s3"]
