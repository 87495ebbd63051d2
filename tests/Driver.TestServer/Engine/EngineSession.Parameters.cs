using System.Text;
using DuckDB.NET.Native;
using PS = DuckDB.NET.Native.NativeMethods.PreparedStatements;

namespace Driver.TestServer.Engine;

/// <summary>Parameter types HANA infers and DuckDB does not (docs/test-server.md, "Parameter types").</summary>
public sealed partial class EngineSession
{
    /// <summary>
    /// HANA metadata for the parameters DuckDB left untyped (null entries: keep DuckDB's answer). DuckDB types a
    /// parameter compared with a column, but not an operand of + - * / ("Could not choose a best candidate
    /// function"), which made <c>SET N = N - ?</c> an NVARCHAR parameter. HANA types it from the other operand, so
    /// this does the same: the operand's declared (catalog) or literal type; then a probe prepare with those
    /// parameters cast to it lets DuckDB type what depends on them (the second parameter of <c>PRICE * ? &gt; ?</c>).
    /// The statement itself runs unchanged; the binder converts values to the reported type.
    /// </summary>
    private EngineColumn?[] InferParameterTypes(RewrittenSql sql, NativeType[] natives, DeclaredColumn?[]? insertTargets)
    {
        var result = new EngineColumn?[natives.Length];
        if (natives.All(n => n.IsResolved))
        {
            return result;
        }

        var operands = ParameterOperandAnalyzer.Analyse(sql.Original, out var tables);
        if (operands.Length != natives.Length)
        {
            return result;
        }

        var hints = new DeclaredColumn?[natives.Length];
        for (var i = 0; i < natives.Length; i++)
        {
            if (natives[i].IsResolved || insertTargets?[i] is not null || operands[i] is not { } operand)
            {
                continue;
            }

            var hint = Resolve(operand, tables, "P" + (i + 1));
            if (hint is not null && !IsLob(hint.Type.Type) && (!operand.Arithmetic || IsNumeric(hint.Type.Type)))
            {
                hints[i] = hint;
            }
        }

        if (hints.All(h => h is null))
        {
            return result;
        }

        // DuckDB does not always report the type of CAST(? AS t) itself (not for DECIMAL operands or under "/"),
        // so a hinted parameter takes its native type from the hint; the probe types the parameters that depend on it
        var probed = Enumerable.Range(0, natives.Length).Any(i => !natives[i].IsResolved && hints[i] is null)
            ? ProbeParameterTypes(sql, hints)
            : null;
        for (var i = 0; i < natives.Length; i++)
        {
            if (natives[i].IsResolved)
            {
                continue;
            }

            if (hints[i] is { } hint && NativeOf(hint.Type) is { IsResolved: true } hinted)
            {
                result[i] = HanaTypeMapper.FromDeclared(hint, hinted, hint.Name, null, null);
                continue;
            }

            if (probed is null || probed.Length != natives.Length || !probed[i].IsResolved)
            {
                continue;
            }

            var type = probed[i];
            if (type is { Type: DuckDBType.Decimal, Width: 38 })
            {
                // DuckDB caps decimal arithmetic at 38 digits and grows the scale (F * ? is DECIMAL(38,24) for a
                // floating DECIMAL F), leaving room for 14 integer digits: report HANA's floating DECIMAL instead
                type = type with { Scale = 12 };
            }

            result[i] = HanaTypeMapper.FromNative(type, "P" + (i + 1));
        }

        return result;
    }

    /// <summary>The declared type of a column operand (looked up in the statement's tables) or a literal's type.</summary>
    private DeclaredColumn? Resolve(ParameterOperand operand, List<TableReference> tables, string name)
    {
        if (operand.Type is { } type)
        {
            return new DeclaredColumn(name, type, true);
        }

        foreach (var table in tables)
        {
            if (operand.Qualifier is { } q && q != table.Name && q != table.Alias)
            {
                continue;
            }

            if (_engine.Catalog.Find(table.Schema, table.Name, CurrentSchema, out _)?.FirstOrDefault(c => c.Name == operand.Column) is { } column)
            {
                // a parameter is nullable whatever the column says
                return column with { Nullable = true };
            }
        }

        return null;
    }

    /// <summary>
    /// Prepares the statement with the hinted parameters cast to their types and returns DuckDB's parameter types
    /// (null when that does not prepare: the hints are then dropped and today's fallback applies).
    /// </summary>
    private NativeType[]? ProbeParameterTypes(RewrittenSql sql, DeclaredColumn?[] hints)
    {
        var text = new StringBuilder(sql.Sql.Length + 64);
        var sequential = 0;
        foreach (var token in SqlTokenizer.Tokenize(sql.Sql))
        {
            // the rewriter emits "?" markers, or "$n" for all of them when SELECT TOP ? moved one
            var index = token.Kind == SqlTokenKind.Parameter ? sequential++
                : token.Kind == SqlTokenKind.Identifier && token.Text.Length > 1 && token.Text[0] == '$'
                  && int.TryParse(token.Text.AsSpan(1), out var n) ? n - 1 : -1;
            if (index >= 0 && index < hints.Length && hints[index] is { } hint)
            {
                text.Append("CAST(").Append(token.Text).Append(" AS ").Append(hint.Type.DuckDbType).Append(')');
            }
            else
            {
                text.Append(token.Text);
            }
        }

        DuckDBPreparedStatement probe;
        try
        {
            probe = PrepareNative(text.ToString(), sql);
        }
        catch (EngineException)
        {
            OnExecutionFailure(); // only acts if the failed prepare aborted the transaction
            return null;
        }

        using (probe)
        {
            var count = (int)PS.DuckDBParams(probe);
            var types = new NativeType[count];
            for (var i = 0; i < count; i++)
            {
                using var logical = PS.DuckDBParamLogicalType(probe, i + 1);
                types[i] = NativeType.From(logical);
            }

            return types;
        }
    }

    /// <summary>DuckDB's type for a declared HANA type (what the binder converts values to).</summary>
    private static NativeType NativeOf(DeclaredType type) => type.DuckDbType switch
    {
        "UTINYINT" => new(DuckDBType.UnsignedTinyInt),
        "SMALLINT" => new(DuckDBType.SmallInt),
        "INTEGER" => new(DuckDBType.Integer),
        "BIGINT" => new(DuckDBType.BigInt),
        "REAL" => new(DuckDBType.Float),
        "DOUBLE" => new(DuckDBType.Double),
        "VARCHAR" => new(DuckDBType.Varchar),
        "BLOB" => new(DuckDBType.Blob),
        "DATE" => new(DuckDBType.Date),
        "TIME" => new(DuckDBType.Time),
        "TIMESTAMP_S" => new(DuckDBType.TimestampS),
        "TIMESTAMP_NS" => new(DuckDBType.TimestampNs),
        "BOOLEAN" => new(DuckDBType.Boolean),
        _ when type.Type is HanaSqlType.Decimal or HanaSqlType.SmallDecimal => type.IsFloating
            ? Decimal(38, 12)
            : Decimal((byte)type.Precision, (byte)type.Scale),
        _ => default,
    };

    private static NativeType Decimal(byte width, byte scale) => new(DuckDBType.Decimal, width, scale,
        width <= 4 ? DuckDBType.SmallInt : width <= 9 ? DuckDBType.Integer : width <= 18 ? DuckDBType.BigInt : DuckDBType.HugeInt);

    private static bool IsNumeric(HanaSqlType type) => type is HanaSqlType.TinyInt or HanaSqlType.SmallInt or HanaSqlType.Integer
        or HanaSqlType.BigInt or HanaSqlType.Decimal or HanaSqlType.SmallDecimal or HanaSqlType.Real or HanaSqlType.Double;

    private static bool IsLob(HanaSqlType type) => type is HanaSqlType.Clob or HanaSqlType.NClob or HanaSqlType.Blob or HanaSqlType.Text;
}
