"""Reference data: geography, SDGs, partner sectors, categories, indicators and fuzzy lookup."""

from moi_desktop.reference.indicators import add_indicator, update_indicator
from moi_desktop.reference.lookup import (
    DistrictCandidate,
    ProvinceCandidate,
    lookup_district,
    lookup_province,
    resolve_province,
)
from moi_desktop.reference.sectors import SECTOR_CODES, match_sector
from moi_desktop.reference.tables import (
    district,
    districts_in,
    indicator_categories,
    indicators,
    project_categories,
    province,
    provinces,
    regions,
    sdgs,
    sectors,
    subdistrict,
    subdistricts_in,
)

__all__ = [
    "DistrictCandidate",
    "ProvinceCandidate",
    "SECTOR_CODES",
    "add_indicator",
    "district",
    "districts_in",
    "indicator_categories",
    "indicators",
    "lookup_district",
    "lookup_province",
    "match_sector",
    "project_categories",
    "province",
    "provinces",
    "regions",
    "resolve_province",
    "sdgs",
    "sectors",
    "subdistrict",
    "subdistricts_in",
    "update_indicator",
]
