"""Calibration and validation as code: targets as data, ``teamsim validate``, ``teamsim calibrate``.

* :mod:`teamsim.calibration.targets` reads ``targets.toml``: every target the model
  is judged against (indicator, value, band, source, scenario, years, use), and
  judges simulated runs against them.
* :mod:`teamsim.calibration.runs` runs the replications of many scenarios in
  parallel processes, the same result for any number of workers.
* :mod:`teamsim.calibration.validate` is ``teamsim validate``: every target with its
  band, the simulated median and 10-90% band and a verdict; a plot and a CSV.
* :mod:`teamsim.calibration.calibrate` is ``teamsim calibrate``: fits the parameters
  listed in ``setup.toml`` to the targets marked ``use = "calibrate"`` with optuna,
  seeded and resumable, and writes ``calibrated.toml`` (provenance, best parameters,
  the ensemble of plausible sets, the trial history).
* :mod:`teamsim.calibration.compliance` is ``teamsim validate --compliance``: on-time
  follow-ups, screenings and assessments against caseload, beside the Danish figures.

The model's description of all this is the section "Calibration and validation" of
``docs/odd.md``.
"""

from teamsim.errors import TeamsimError


class CalibrationError(TeamsimError):
    """A targets file, calibration setup or calibration output that is not allowed."""
