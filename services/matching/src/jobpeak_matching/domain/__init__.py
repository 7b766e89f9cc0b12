"""The matching domain: pure rules and the assignment engine, no I/O and no clock.

Every instant is an argument; every rule that may be repeated returns a
:class:`~jobpeak_matching.domain.transition.Transition` telling the use case whether anything
changed. Import from the defining modules: this package re-exports nothing, so importing a light
module (``domain.money``) never loads the solvers (scipy, OR-Tools) behind ``domain.assignment``.
"""
