using System.Text.Json;

namespace Driver.TestServer.Engine;

/// <summary>
/// Turns DuckDB error texts (JSON, because the engine runs with errors_as_json = true) into HANA error codes
/// (TEST-SERVER-ENGINE.md §6). Positions are mapped back to the client's original SQL.
/// </summary>
internal static class ErrorTranslator
{
    /// <summary>
    /// Translates one DuckDB error. <paramref name="schema"/> is the session's current schema, named in HANA's
    /// "Could not find table/view X in schema S" wording.
    /// </summary>
    public static EngineException Translate(string? duckDbMessage, RewrittenSql? sql, string? schema = null)
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

        // HANA's texts: "<error name>: <detail>: line L col C (at pos P)" where the SQL text decides (docs/protocol.md §12)
        string At(string text) => HanaErrorText.Located(text, sql, position is null ? null : pos);
        switch (type)
        {
            case "Parser":
                return new EngineException(257, "42000", pos, At("sql syntax error: " + HanaErrorText.SyntaxDetail(message)));
            case "Catalog" when subtype == "MISSING_ENTRY" || lower.Contains("does not exist", StringComparison.Ordinal):
                return entryType switch
                {
                    "Sequence" => new EngineException(313, "HY000", pos, At($"invalid sequence: {HanaErrorText.Upper(name)}")),
                    "Schema" => new EngineException(362, "3F000", pos, At($"invalid schema name: {HanaErrorText.Upper(name)}")),
                    "Scalar Function" or "Table Function" or "Macro Function" or "Function" =>
                        new EngineException(328, "HY000", pos, At($"invalid name of function or procedure: {HanaErrorText.Upper(name)}")),
                    "Type" => new EngineException(257, "42000", pos, At("sql syntax error: " + message)),
                    _ when HanaErrorText.MissingSchema(message) is { } missing =>
                        new EngineException(362, "3F000", pos, At($"invalid schema name: {missing}")),
                    _ => new EngineException(259, "HY000", pos, At(HanaErrorText.UnknownTable(name, message, schema))),
                };
            case "Catalog" when lower.Contains("already exists", StringComparison.Ordinal):
                return new EngineException(288, "HY000", pos, At("cannot use duplicate table name: " + (HanaErrorText.FirstQuoted(message) ?? name ?? message)));
            case "Binder" when subtype == "COLUMN_NOT_FOUND" || lower.Contains("referenced column", StringComparison.Ordinal)
                               || lower.Contains("referenced table", StringComparison.Ordinal):
                return new EngineException(260, "HY000", pos, At("invalid column name: " + (HanaErrorText.FirstQuoted(message) ?? message)));
            case "Binder" when lower.Contains("no function matches", StringComparison.Ordinal) || lower.Contains("cast", StringComparison.Ordinal)
                                || lower.Contains("type", StringComparison.Ordinal) || lower.Contains("candidate", StringComparison.Ordinal):
                return new EngineException(266, "HY000", pos, At("inconsistent datatype: " + HanaErrorText.FirstLine(message)));
            case "Binder" or "Parameter Not Resolved" or "Parameter Not Allowed":
                return new EngineException(257, "42000", pos, At("sql syntax error: " + HanaErrorText.FirstLine(message)));
            case "Constraint":
                if (lower.Contains("not null", StringComparison.Ordinal))
                {
                    return new EngineException(287, "23000", 0, "cannot insert NULL or update to NULL: " + HanaErrorText.NotNullColumn(message));
                }

                if (lower.Contains("foreign key", StringComparison.Ordinal))
                {
                    return new EngineException(461, "23000", 0, "foreign key constraint violation: " + HanaErrorText.FirstLine(message));
                }

                if (lower.Contains("check constraint", StringComparison.Ordinal))
                {
                    return new EngineException(677, "23000", 0, "check constraint violation: " + HanaErrorText.FirstLine(message));
                }

                return new EngineException(301, "23000", 0, HanaErrorText.UniqueViolation(message, sql));
            case "Conversion" or "Invalid Input" when lower.Contains("date", StringComparison.Ordinal) || lower.Contains("time", StringComparison.Ordinal):
                return new EngineException(303, "22007", pos, "invalid DATE, TIME or TIMESTAMP value: " + HanaErrorText.DateDetail(message));
            case "Conversion" when lower.Contains("out of range", StringComparison.Ordinal) || lower.Contains("overflow", StringComparison.Ordinal):
                return new EngineException(314, "22003", pos, "numeric overflow: " + HanaErrorText.OverflowDetail(message));
            case "Conversion":
                return new EngineException(339, "22018", pos, "invalid number: " + HanaErrorText.NumberDetail(message));
            case "Out of Range":
                return new EngineException(314, "22003", pos, "numeric overflow: " + HanaErrorText.OverflowDetail(message));
            case "Divide by Zero":
                return new EngineException(304, "22012", pos, "division by zero undefined: " + HanaErrorText.FirstLine(message));
            case "TransactionContext" or "Transaction" when lower.Contains("conflict", StringComparison.Ordinal):
                return new EngineException(133, "40001", 0, "transaction serialization failure: " + HanaErrorText.FirstLine(message));
        }

        if (lower.Contains("conflict", StringComparison.Ordinal))
        {
            return new EngineException(133, "40001", 0, "transaction serialization failure: " + HanaErrorText.FirstLine(message));
        }

        if (lower.Contains("constraint violation", StringComparison.Ordinal) || lower.Contains("duplicate key", StringComparison.Ordinal))
        {
            return new EngineException(301, "23000", 0, HanaErrorText.UniqueViolation(message, sql));
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
