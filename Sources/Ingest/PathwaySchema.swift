import Storage

/// The harmonised pathways table (`pathways`): the engine's native import format and the table
/// every query and indicator reads. Column order is DOMAIN.md's, which is also the CSV order.
public enum PathwaySchema {
    public static let tableName = "pathways"

    /// CSV header / column names, in order.
    public static let columnNames = [
        "pathway_id", "candidate_id", "certifier", "certification_code", "level", "region", "department",
        "sex", "birth_year", "employment_status", "funding", "info_date", "application_date",
        "admissibility_date", "admissible", "support_start_date", "portfolio_date", "jury_date", "outcome",
        "outcome_date",
    ]

    /// `candidate_id` (16 hex digits, 64 bits) is stored as the Int64 with the same bits.
    public static let schema: TableSchema = try! TableSchema([
        ColumnDefinition("pathway_id", .int64, nullable: false),
        ColumnDefinition("candidate_id", .int64, nullable: false),
        ColumnDefinition("certifier", .string, nullable: false),
        ColumnDefinition("certification_code", .string, nullable: false),
        ColumnDefinition("level", .int8),
        ColumnDefinition("region", .string),
        ColumnDefinition("department", .string),
        ColumnDefinition("sex", .string),
        ColumnDefinition("birth_year", .int16),
        ColumnDefinition("employment_status", .string),
        ColumnDefinition("funding", .string),
        ColumnDefinition("info_date", .date),
        ColumnDefinition("application_date", .date, nullable: false),
        ColumnDefinition("admissibility_date", .date),
        ColumnDefinition("admissible", .bool),
        ColumnDefinition("support_start_date", .date),
        ColumnDefinition("portfolio_date", .date),
        ColumnDefinition("jury_date", .date),
        ColumnDefinition("outcome", .string),
        ColumnDefinition("outcome_date", .date),
    ])
}
