namespace Driver.TestServer.Engine;

/// <summary>Start-up objects that make DuckDB accept HANA SQL (TEST-SERVER-ENGINE.md §3 and checklist 8).</summary>
internal static class EngineShims
{
    /// <summary>DuckDB SQL run once on the anchor connection; objects live in schema main (on every search path).</summary>
    public static readonly string[] Native =
    [
        // HANA type names that may appear where the rewriter does not translate types
        "CREATE TYPE SECONDDATE AS TIMESTAMP_S",
        "CREATE TYPE LONGDATE AS TIMESTAMP_NS",
        "CREATE TYPE DAYDATE AS DATE",
        "CREATE TYPE SECONDTIME AS TIME",
        "CREATE TYPE CLOB AS VARCHAR",
        "CREATE TYPE NCLOB AS VARCHAR",
        "CREATE TYPE ALPHANUM AS VARCHAR",
        "CREATE TYPE SHORTTEXT AS VARCHAR",
        "CREATE TYPE BINTEXT AS VARCHAR",
        "CREATE TYPE SMALLDECIMAL AS " + DeclaredType.FloatingDecimalStorage,
        // HANA functions
        "CREATE MACRO CURRENT_UTCTIMESTAMP() AS CAST(timezone('UTC', get_current_timestamp()) AS TIMESTAMP_NS)",
        "CREATE MACRO CURRENT_UTCDATE() AS CAST(timezone('UTC', get_current_timestamp()) AS DATE)",
        "CREATE MACRO CURRENT_UTCTIME() AS CAST(timezone('UTC', get_current_timestamp()) AS TIME)",
        "CREATE MACRO NVL(a, b) AS COALESCE(a, b)",
        "CREATE MACRO TO_VARCHAR(a) AS CAST(a AS VARCHAR)",
        "CREATE MACRO TO_NVARCHAR(a) AS CAST(a AS VARCHAR)",
        "CREATE MACRO TO_INTEGER(a) AS CAST(a AS INTEGER)",
        "CREATE MACRO TO_INT(a) AS CAST(a AS INTEGER)",
        "CREATE MACRO TO_BIGINT(a) AS CAST(a AS BIGINT)",
        "CREATE MACRO TO_SMALLINT(a) AS CAST(a AS SMALLINT)",
        "CREATE MACRO TO_TINYINT(a) AS CAST(a AS UTINYINT)",
        "CREATE MACRO TO_DOUBLE(a) AS CAST(a AS DOUBLE)",
        "CREATE MACRO TO_REAL(a) AS CAST(a AS REAL)",
        "CREATE MACRO TO_DECIMAL(a) AS CAST(a AS " + DeclaredType.FloatingDecimalStorage + ")",
        "CREATE MACRO TO_DATE(a) AS CAST(a AS DATE)",
        "CREATE MACRO TO_TIME(a) AS CAST(a AS TIME)",
        "CREATE MACRO TO_TIMESTAMP(a) AS CAST(a AS TIMESTAMP_NS)",
        "CREATE MACRO TO_SECONDDATE(a) AS CAST(a AS TIMESTAMP_S)",
        "CREATE MACRO TO_BINARY(a) AS CAST(a AS BLOB)",
        "CREATE MACRO TO_BLOB(a) AS CAST(a AS BLOB)",
        "CREATE MACRO TO_CLOB(a) AS CAST(a AS VARCHAR)",
        "CREATE MACRO TO_NCLOB(a) AS CAST(a AS VARCHAR)",
        "CREATE MACRO BINTOHEX(a) AS upper(hex(a))",
        "CREATE MACRO HEXTOBIN(a) AS unhex(a)",
        "CREATE MACRO LOCATE(haystack, needle) AS instr(haystack, needle)",
        "CREATE MACRO ADD_DAYS(d, n) AS d + to_days(CAST(n AS INTEGER))",
        "CREATE MACRO ADD_MONTHS(d, n) AS d + to_months(CAST(n AS INTEGER))",
        "CREATE MACRO ADD_YEARS(d, n) AS d + to_years(CAST(n AS INTEGER))",
        "CREATE MACRO ADD_SECONDS(d, n) AS d + to_microseconds(CAST(n * 1000000 AS BIGINT))",
        "CREATE MACRO DAYS_BETWEEN(a, b) AS date_diff('day', a, b)",
        "CREATE MACRO SECONDS_BETWEEN(a, b) AS date_diff('second', a, b)",
        "CREATE MACRO NANO100_BETWEEN(a, b) AS date_diff('microsecond', a, b) * 10",
        "CREATE MACRO NEWUID() AS upper(replace(CAST(uuid() AS VARCHAR), '-', ''))",
        "CREATE MACRO SYSUUID() AS unhex(replace(CAST(uuid() AS VARCHAR), '-', ''))",
        // HANA's built-in series table function: rows start, start+step, ... < end
        "CREATE MACRO SERIES_GENERATE_INTEGER(step_size, range_start, range_end) AS TABLE " +
        "SELECT CAST(r AS INTEGER) AS GENERATED_PERIOD_START, CAST(r + step_size AS INTEGER) AS GENERATED_PERIOD_END, " +
        "CAST((r - range_start) // step_size + 1 AS BIGINT) AS ELEMENT_NUMBER, " +
        "CAST(r - range_start AS DOUBLE) / (range_end - range_start) AS FRACTION_OF_MIN_MAX_RANGE " +
        "FROM range(range_start, range_end, step_size) AS series(r)",
    ];

    /// <summary>HANA SQL run once through the engine itself (so the side catalog learns the declared types).</summary>
    public static readonly string[] Hana =
    [
        "CREATE VIEW SYS.DUMMY AS SELECT 'X' AS DUMMY FROM (VALUES (1)) AS one(x)",
    ];
}
