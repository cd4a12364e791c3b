"""The budget's lines: names only, so the run API and the app can name them without
importing the model (:mod:`outcomes` builds the tables)."""

BUDGET_ROWS = {
    "Kinship placements": "cost_kinship",
    "Foster placements": "cost_foster",
    "Institution placements": "cost_institution",
    "Home-based measures": "cost_step3",
    "Preventive measures": "cost_step2",
    "Early help": "cost_step1",
    "Caseworkers": "cost_caseworkers",
    "Coordinators": "cost_coordinators",
    "PPR psychologists": "cost_psychologists",
    "Health visitors": "cost_health_visitors",
}
PLACEMENT_ROWS = ("Kinship placements", "Foster placements", "Institution placements")
MEASURE_ROWS = ("Home-based measures", "Preventive measures", "Early help")
"""Steps 1-3 of the staircase: the measures a child gets while living at home."""
STAFF_ROWS = ("Caseworkers", "Coordinators", "PPR psychologists", "Health visitors")
TOTAL_ROWS = ("Placements, total", "Measures at home, total", "Staff, total", "Total")
"""The budget's totals; the first three add up to the last."""
NET_ROWS = {
    "Placements vs baseline": "Placements, total",
    "Measures at home vs baseline": "Measures at home, total",
    "Staff vs baseline": "Staff, total",
    "Net vs baseline": "Total",
}
"""The budget's rows against a baseline and the total each is the difference of; the
first three add up to the net."""
