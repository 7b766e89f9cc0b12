"""Jobpeak event contracts: the wire format every service and analyst relies on.

Modules: :mod:`~jobpeak_contracts.topics` (the topic registry), :mod:`~jobpeak_contracts.envelope`
(CloudEvents encode/decode, re-exporting :mod:`~jobpeak_contracts.attributes`,
:mod:`~jobpeak_contracts.errors` and :mod:`~jobpeak_contracts.registry`),
:mod:`~jobpeak_contracts.events` (every event model), :mod:`~jobpeak_contracts.schemas` (each
event's JSON Schema and how a record's ``ce_dataschema`` resolves to it),
:mod:`~jobpeak_contracts.deadletters` (what a ``<topic>.dlq`` record adds), and the value types in
:mod:`~jobpeak_contracts.money` (with :mod:`~jobpeak_contracts.currencies`),
:mod:`~jobpeak_contracts.timestamps`, :mod:`~jobpeak_contracts.identifiers`,
:mod:`~jobpeak_contracts.scores`, :mod:`~jobpeak_contracts.blueprints` and
:mod:`~jobpeak_contracts.questions`.
"""
