"""The harmonised pathways table as the peers type it (DOMAIN.md; candidate_id arrives as 16 hex
digits, so VARCHAR), in DuckDB's type names: shared by every peer script."""

COLUMNS = [
    ("pathway_id", "BIGINT"), ("candidate_id", "VARCHAR"), ("certifier", "VARCHAR"), ("certification_code", "VARCHAR"),
    ("level", "TINYINT"), ("region", "VARCHAR"), ("department", "VARCHAR"), ("sex", "VARCHAR"), ("birth_year", "SMALLINT"),
    ("employment_status", "VARCHAR"), ("funding", "VARCHAR"), ("info_date", "DATE"), ("application_date", "DATE"),
    ("admissibility_date", "DATE"), ("admissible", "VARCHAR"), ("support_start_date", "DATE"), ("portfolio_date", "DATE"),
    ("jury_date", "DATE"), ("outcome", "VARCHAR"), ("outcome_date", "DATE"),
]
