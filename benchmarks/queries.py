"""The 18 benchmark queries of issue 2, shared by every benchmark script."""

QUERIES = [
    "sendero",
    "fujimori",
    "guantanamo",
    "berlusconi",
    "nuclear",
    "coca",
    "corruption",
    "election",
    "government",
    "minister",
    "embassy",
    "said",
    '"human rights"',
    '"prime minister"',
    '"shining path"',
    "iran AND nuclear",
    "oil OR gas",
    "china NOT taiwan",
]
