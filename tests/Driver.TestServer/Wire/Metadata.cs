using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Engine;

namespace Driver.TestServer.Wire;

/// <summary>Engine columns as RESULTSETMETADATA / PARAMETERMETADATA entries (§6.21, §6.22).</summary>
internal static class Metadata
{
    public static ColumnMetadata Column(EngineColumn column, int dataFormatVersion)
    {
        var wire = WireTypes.For(column, dataFormatVersion);
        var (length, fraction) = WireTypes.Dimensions(column, wire);
        return new ColumnMetadata
        {
            Options = column.Nullable ? ColumnOptions.Optional : ColumnOptions.Mandatory,
            TypeCode = wire,
            Length = length,
            Fraction = fraction,
            TableName = column.TableName,
            SchemaName = column.SchemaName,
            ColumnName = column.ColumnName,
            DisplayName = column.DisplayName,
        };
    }

    /// <summary>A parameter's entry; a CALL's parameters carry the procedure parameter's name and mode (§6.22, §17).</summary>
    public static ParameterMetadata Parameter(EngineColumn parameter, int dataFormatVersion, bool named = false)
    {
        var wire = WireTypes.For(parameter, dataFormatVersion);
        var (length, fraction) = WireTypes.Dimensions(parameter, wire);
        return new ParameterMetadata
        {
            Options = parameter.Nullable ? ColumnOptions.Optional : ColumnOptions.Mandatory,
            TypeCode = wire,
            Mode = parameter.Mode switch
            {
                ProcedureParameterMode.Out => ParameterMode.Out,
                ProcedureParameterMode.InOut => ParameterMode.InOut,
                _ => ParameterMode.In,
            },
            Name = named ? parameter.ColumnName : null,
            Length = length,
            Fraction = fraction,
        };
    }

    public static FunctionCode FunctionCodeOf(StatementKind kind) => kind switch
    {
        StatementKind.Query => FunctionCode.Select,
        StatementKind.Insert or StatementKind.Upsert => FunctionCode.Insert,
        StatementKind.Update => FunctionCode.Update,
        StatementKind.Delete => FunctionCode.Delete,
        StatementKind.Commit => FunctionCode.Commit,
        StatementKind.Rollback => FunctionCode.Rollback,
        StatementKind.Call => FunctionCode.DbProcedureCall,
        _ => FunctionCode.Ddl,
    };
}
