from numlike.testing.utils import check
