using System.Runtime.InteropServices;
using DuckDB.NET.Native;

namespace Driver.TestServer.Engine;

/// <summary>
/// libduckdb entry points that DuckDB.NET 1.5.x does not bind: describing a prepared statement's result columns
/// without executing it (TEST-SERVER-ENGINE.md "Describe without executing").
/// </summary>
internal static partial class DuckDbNative
{
    private const string Library = "duckdb";

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_column_count")]
    public static partial ulong PreparedColumnCount(DuckDBPreparedStatement statement);

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_column_name")]
    public static partial IntPtr PreparedColumnName(DuckDBPreparedStatement statement, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_column_logical_type")]
    public static partial DuckDBLogicalType PreparedColumnLogicalType(DuckDBPreparedStatement statement, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_type")]
    public static partial int PreparedStatementType(DuckDBPreparedStatement statement);

    /// <summary>Asks the query running on <paramref name="connection"/> to stop; safe from any thread.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_interrupt")]
    public static partial void Interrupt(DuckDBNativeConnection connection);

    [LibraryImport(Library, EntryPoint = "duckdb_clear_bindings")]
    public static partial DuckDBState ClearBindings(DuckDBPreparedStatement statement);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_add_column", StringMarshalling = StringMarshalling.Utf8)]
    public static partial DuckDBState AppenderAddColumn(DuckDBAppender appender, string name);

    [LibraryImport(Library, EntryPoint = "duckdb_append_value")]
    public static partial DuckDBState AppendValue(DuckDBAppender appender, DuckDBValue value);

    public static string? PreparedColumnNameString(DuckDBPreparedStatement statement, ulong index)
        => Marshal.PtrToStringUTF8(PreparedColumnName(statement, index));
}
