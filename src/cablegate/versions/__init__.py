"""Every version of a cable: where each text came from, which one is current, what changed.

``redaction`` finds the runs of X and what makes two texts one version, ``dating`` dates each
source, ``current`` ranks texts, ``diff`` lines redactions up with what they hid, ``history``
puts it together; ``stored`` reads a stored cable's history and keeps the store's per-cable
summaries up to date. All but ``stored`` are pure.
"""
