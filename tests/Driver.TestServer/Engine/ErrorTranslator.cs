using System.Text.Json;

namespace Driver.TestServer.Engine;

/// <summary>
/// Turns DuckDB error texts (JSON, because the engine runs with errors_as_json = true) into HANA error codes
/// (TEST-SERVER-ENGINE.md §6). Positions are mapped back to the client's original SQL.
/// </summary>
internal static class ErrorTranslator
{
    public static EngineException Translate(string? duckDbMessage, RewrittenSql? sql)
    {
        var raw = duckDbMessage ?? "unknown DuckDB error";
        var (type, message, subtype, position, json) = Parse(raw);
        var pos = position is { } p && sql is not null ? sql.MapPosition(p) : 0;
        var lower = message.ToLowerInvariant();
        string? entryType = null;
        string? name = null;
        if (json is { } j)
        {
            entryType = j.TryGetProperty("type", out var te) ? te.GetString() : null;
            name = j.TryGetProperty("name", out var ne) ? ne.GetString() : null;
        }

        switch (type)
        {
            case "Parser":
                return new EngineException(257, "42000", pos, "sql syntax error: " + message);
            case "Catalog" when subtype == "MISSING_ENTRY" || lower.Contains("does not exist", StringComparison.Ordinal):
                return entryType switch
                {
                    "Sequence" => new EngineException(313, "HY000", pos, $"invalid sequence: {name}: {message}"),
                    "Schema" => new EngineException(362, "3F000", pos, $"invalid schema name: {name}: {message}"),
                    "Scalar Function" or "Table Function" or "Macro Function" or "Function" =>
                        new EngineException(328, "HY000", pos, $"invalid name of function or procedure: {name}: {message}"),
                    "Type" => new EngineException(257, "42000", pos, "sql syntax error: " + message),
                    _ => new EngineException(259, "HY000", pos, $"invalid table name: {message}"),
                };
            case "Catalog" when lower.Contains("already exists", StringComparison.Ordinal):
                return new EngineException(288, "HY000", pos, "cannot use duplicate table name: " + message);
            case "Binder" when subtype == "COLUMN_NOT_FOUND" || lower.Contains("referenced column", StringComparison.Ordinal)
                               || lower.Contains("referenced table", StringComparison.Ordinal):
                return new EngineException(260, "HY000", pos, "invalid column name: " + message);
            case "Binder" when lower.Contains("no function matches", StringComparison.Ordinal) || lower.Contains("cast", StringComparison.Ordinal)
                                || lower.Contains("type", StringComparison.Ordinal) || lower.Contains("candidate", StringComparison.Ordinal):
                return new EngineException(266, "HY000", pos, "inconsistent datatype: " + message);
            case "Binder" or "Parameter Not Resolved" or "Parameter Not Allowed":
                return new EngineException(257, "42000", pos, "sql syntax error: " + message);
            case "Constraint":
                if (lower.Contains("not null", StringComparison.Ordinal))
                {
                    return new EngineException(287, "23000", 0, "cannot insert NULL or update to NULL: " + message);
                }

                if (lower.Contains("foreign key", StringComparison.Ordinal))
                {
                    return new EngineException(461, "23000", 0, "foreign key constraint violation: " + message);
                }

                if (lower.Contains("check constraint", StringComparison.Ordinal))
                {
                    return new EngineException(677, "23000", 0, "check constraint violation: " + message);
                }

                return new EngineException(301, "23000", 0, "unique constraint violated: " + message);
            case "Conversion" or "Invalid Input" when lower.Contains("date", StringComparison.Ordinal) || lower.Contains("time", StringComparison.Ordinal):
                return new EngineException(303, "22007", pos, "invalid DATE, TIME or TIMESTAMP value: " + message);
            case "Conversion" when lower.Contains("out of range", StringComparison.Ordinal) || lower.Contains("overflow", StringComparison.Ordinal):
                return new EngineException(314, "22003", pos, "numeric overflow: " + message);
            case "Conversion":
                return new EngineException(339, "22018", pos, "invalid number: " + message);
            case "Out of Range":
                return new EngineException(314, "22003", pos, "numeric overflow: " + message);
            case "Divide by Zero":
                return new EngineException(304, "22012", pos, "division by zero undefined: " + message);
            case "TransactionContext" or "Transaction" when lower.Contains("conflict", StringComparison.Ordinal):
                return new EngineException(133, "40001", 0, "transaction serialization failure: " + message);
        }

        if (lower.Contains("conflict", StringComparison.Ordinal))
        {
            return new EngineException(133, "40001", 0, "transaction serialization failure: " + message);
        }

        if (lower.Contains("constraint violation", StringComparison.Ordinal) || lower.Contains("duplicate key", StringComparison.Ordinal))
        {
            return new EngineException(301, "23000", 0, "unique constraint violated: " + message);
        }

        return new EngineException(2, "HY000", pos, "general error: " + (type is null ? message : type + ": " + message));
    }

    private static (string? Type, string Message, string? Subtype, int? Position, JsonElement? Json) Parse(string raw)
    {
        var brace = raw.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(raw[brace..]);
                var root = doc.RootElement.Clone();
                var type = root.TryGetProperty("exception_type", out var t) ? t.GetString() : null;
                var message = root.TryGetProperty("exception_message", out var m) ? m.GetString() ?? raw : raw;
                var subtype = root.TryGetProperty("error_subtype", out var s) ? s.GetString() : null;
                int? position = root.TryGetProperty("position", out var p) && int.TryParse(p.GetString(), out var pv) ? pv : null;
                return (type, message, subtype, position, root);
            }
            catch (JsonException)
            {
                // not JSON after all: fall through to the plain text form
            }
        }

        // plain "Type Error: message" (errors raised before errors_as_json applies)
        var colon = raw.IndexOf(" Error: ", StringComparison.Ordinal);
        return colon > 0 ? (raw[..colon], raw[(colon + 8)..], null, null, null) : (null, raw, null, null, null);
    }
}
