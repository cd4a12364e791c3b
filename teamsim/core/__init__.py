"""The simulation core: the Mesa model and one module per mechanism.

=================  ==========================================================
``model``          :class:`TeamSim`, the week and the case handling
``population``     children, ageing, births, movers, latent need
``network``        collaboration ties of professionals, network snapshot
``detection``      early detection by schools, daycare, health visitors
``intake``         notifications, screening, the assessment queue
``casework``       caseworker hours: the weekly task queue by priority
``followup``       follow-up schedule presets
``meetings``       cross-professional network meetings
``decisions``      staircase decisions at assessments and follow-ups
``placement``      emergencies, breakdowns, supply of places
``outcomes``       weekly series, budget, key figures, yearly rates
``lines``          the budget's line names (no imports: the API and app use them)
=================  ==========================================================

The core knows nothing of the command line, the app or the experiment runner.
"""
