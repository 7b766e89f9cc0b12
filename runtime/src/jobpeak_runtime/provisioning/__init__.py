"""Provisioning a Kafka cluster for the platform: its topics, principals and ACLs.

:mod:`~jobpeak_runtime.provisioning.topology` is the one source of truth (pure data); the admin
command, the Strimzi resources and the compose cluster are all derived from it.
"""
