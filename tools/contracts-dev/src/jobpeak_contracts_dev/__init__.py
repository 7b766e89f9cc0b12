"""Developer tools for the Jobpeak contracts (not shipped to analysts).

:mod:`~jobpeak_contracts_dev.compat` is the compatibility gate;
:mod:`~jobpeak_contracts_dev.generate` writes ``contracts/schemas/`` and ``docs/asyncapi.json``
(built by :mod:`~jobpeak_contracts_dev.asyncapi`); :mod:`~jobpeak_contracts_dev.files` reads and
writes the committed documents.
"""
