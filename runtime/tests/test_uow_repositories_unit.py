"""A unit of work builds the repositories its class declares, on its own session, per block."""

from __future__ import annotations

from functools import partial

import pytest
from jobpeak_runtime.repositories import SqlRepository
from jobpeak_runtime.uow import UnitOfWork, UnitOfWorkError, repository
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.unit


class Orders(SqlRepository):
    def __init__(self, session: AsyncSession, *, label: str = "plain") -> None:
        super().__init__(session)
        self.session = session
        self.label = label


class ShopUnitOfWork(UnitOfWork):
    orders = repository(Orders)
    refunds = repository(Orders)


class LabelledShopUnitOfWork(ShopUnitOfWork):
    orders = repository(partial(Orders, label="labelled"))


def unit_of_work(klass: type[ShopUnitOfWork]) -> ShopUnitOfWork:
    # A session without a bind never connects: entering and leaving the block is enough here.
    return klass(sessionmaker=async_sessionmaker(), topic_prefix="")


async def test_each_declared_repository_is_built_on_the_block_s_session() -> None:
    uow = unit_of_work(ShopUnitOfWork)

    async with uow:
        assert uow.orders.session is uow.session
        assert uow.refunds.session is uow.session
        assert uow.orders is not uow.refunds


async def test_a_subclass_replaces_one_declaration_and_keeps_the_others() -> None:
    uow = unit_of_work(LabelledShopUnitOfWork)

    async with uow:
        assert (uow.orders.label, uow.refunds.label) == ("labelled", "plain")


def test_a_repository_read_outside_the_block_is_a_clear_error() -> None:
    with pytest.raises(UnitOfWorkError, match="outside its 'async with' block"):
        _ = unit_of_work(ShopUnitOfWork).orders
