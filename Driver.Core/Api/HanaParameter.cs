using System.Data;
using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// A positional parameter (<c>?</c> in the SQL text, bound in collection order). The value is converted to the
/// type the server declared for the parameter at PREPARE (§6.22); a value that does not fit throws before
/// anything is sent. <see cref="DbType"/> is informational: the server's metadata decides the wire type.
/// Only input parameters are supported so far.
/// <para>
/// LOB parameters (BLOB, CLOB, NCLOB) also take a <see cref="System.IO.Stream"/> (raw bytes) or a
/// <see cref="System.IO.TextReader"/> (text, CLOB / NCLOB): the value is read and sent a chunk at a time (1 MiB,
/// EXECUTE then WRITELOB requests), never held whole; so are byte[] and string values longer than a chunk. The
/// stream or reader is read once, from its current position to its end, and not disposed. In a batch only the
/// last row streams; Stream / TextReader values of earlier rows are read whole.
/// </para>
/// </summary>
public sealed class HanaParameter : DbParameter
{
    private string _name = string.Empty;
    private string _sourceColumn = string.Empty;
    private DbType? _dbType;

    /// <summary>Creates a parameter without a value (NULL).</summary>
    public HanaParameter()
    {
    }

    /// <summary>Creates a parameter with a name (informational) and a value.</summary>
    public HanaParameter(string? parameterName, object? value)
    {
        ParameterName = parameterName;
        Value = value;
    }

    /// <inheritdoc />
    public override DbType DbType
    {
        get => _dbType ?? InferDbType(Value);
        set => _dbType = value;
    }

    /// <summary>Input only; other directions throw.</summary>
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
            {
                throw new NotSupportedException($"Only input parameters are supported, not {value}.");
            }
        }
    }

    /// <inheritdoc />
    public override bool IsNullable { get; set; } = true;

    /// <summary>A name for the caller's benefit; binding is by position.</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string ParameterName { get => _name; set => _name = value ?? string.Empty; }

    /// <inheritdoc />
    public override int Size { get; set; }

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string SourceColumn { get => _sourceColumn; set => _sourceColumn = value ?? string.Empty; }

    /// <inheritdoc />
    public override bool SourceColumnNullMapping { get; set; }

    /// <summary>Which version of the DataRow's value a data adapter binds (Current by default; Original for a WHERE clause).</summary>
    public override DataRowVersion SourceVersion { get; set; } = DataRowVersion.Current;

    /// <summary>The value; null or <see cref="DBNull"/> sends NULL. LOBs may be given as Stream / TextReader.</summary>
    public override object? Value { get; set; }

    /// <inheritdoc />
    public override void ResetDbType() => _dbType = null;

    private static DbType InferDbType(object? value) => value switch
    {
        null or DBNull => DbType.Object,
        bool => DbType.Boolean,
        byte => DbType.Byte,
        short => DbType.Int16,
        int => DbType.Int32,
        long => DbType.Int64,
        float => DbType.Single,
        double => DbType.Double,
        decimal => DbType.Decimal,
        DateTime => DbType.DateTime,
        TimeSpan => DbType.Time,
        string => DbType.String,
        byte[] or System.IO.Stream => DbType.Binary,
        System.IO.TextReader => DbType.String,
        Guid => DbType.Guid,
        _ => DbType.Object,
    };

    /// <summary>The value as the row writer takes it (DBNull → null).</summary>
    internal object? WireValue => Value is DBNull ? null : Value;
}
