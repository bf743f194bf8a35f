"""The period rows of the summary and timeseries are built by hand for speed (thousands per
answer); they must stay exactly what the declared fields would give."""

import datetime
from decimal import Decimal

import pytest
from rest_framework import serializers

from reports.selectors import PeriodBucket, PeriodTotal
from reports.serializers_reports import PeriodBucketSerializer, PeriodTotalSerializer

TOTALS = ["0.00", "0.10", "12.50", "1000000.00", "99999999999999.99"]


@pytest.mark.parametrize("total", TOTALS)
def test_period_rows_equal_the_declared_fields_output(total):
    day = datetime.date(2026, 2, 28)
    cases = [
        (PeriodTotalSerializer, PeriodTotal(period=day, total=Decimal(total))),
        (PeriodBucketSerializer, PeriodBucket(period=day, total=Decimal(total), count=7)),
    ]
    for serializer_class, row in cases:
        declared = serializers.Serializer.to_representation(serializer_class(), row)
        assert serializer_class(row).data == dict(declared)
        assert set(serializer_class().fields) == set(declared)
