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
/// anything is sent. <see cref="DbType"/> is informational; <see cref="HanaDbType"/>, when set, chooses the wire type.
/// <see cref="Direction"/> Output / InputOutput receive a procedure's OUT / INOUT values after the CALL.
/// <para>
/// LOB parameters (BLOB, CLOB, NCLOB) also take a <see cref="System.IO.Stream"/> (raw bytes) or a
/// <see cref="System.IO.TextReader"/> (text, CLOB / NCLOB): the value is read and sent a chunk at a time (1 MiB,
/// EXECUTE then WRITELOB requests), never held whole; so are byte[] and string values longer than a chunk. The
/// stream or reader is read once, from its current position to its end, and not disposed. In a batch only the
/// last row streams; Stream / TextReader values of earlier rows are read whole.
/// </para>
/// </summary>
public sealed partial class HanaParameter : DbParameter
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
        set => (_dbType, _hanaDbType) = (value, null);
    }

    private ParameterDirection _direction = ParameterDirection.Input;

    /// <summary>
    /// Input (the default), Output or InputOutput: a procedure's IN, OUT and INOUT parameters (docs/procedures.md).
    /// After a CALL, the value of an Output or InputOutput parameter is what the procedure returned, typed as a reader's
    /// GetValue types it (<see cref="DBNull"/> for NULL; a LOB read whole as string or byte[]). The direction is
    /// checked against the mode the server describes for the parameter when the statement executes.
    /// </summary>
    /// <exception cref="NotSupportedException">ReturnValue: a HANA procedure has no return value (declare an OUT parameter instead).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value that is no <see cref="ParameterDirection"/>.</exception>
    public override ParameterDirection Direction
    {
        get => _direction;
        set => _direction = value switch
        {
            ParameterDirection.Input or ParameterDirection.Output or ParameterDirection.InputOutput => value,
            ParameterDirection.ReturnValue => throw new NotSupportedException(
                "HANA procedures and CALL have no return value: declare an OUT parameter in the procedure and use ParameterDirection.Output."),
            _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a ParameterDirection."),
        };
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

    /// <summary>The value; null or <see cref="DBNull"/> sends NULL. LOBs may be given as Stream / TextReader.</summary>
    public override object? Value { get; set; }

    /// <inheritdoc />
    public override void ResetDbType() => (_dbType, _hanaDbType) = (null, null);

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
        DateTimeOffset => DbType.DateTimeOffset,
#if NET6_0_OR_GREATER
        DateOnly => DbType.Date,
        TimeOnly => DbType.Time,
#endif
        TimeSpan => DbType.Time,
        string => DbType.String,
        byte[] or System.IO.Stream => DbType.Binary,
        System.IO.TextReader => DbType.String,
        Guid => DbType.Guid,
        _ => DbType.Object,
    };

    /// <summary>The value as the row writer takes it (DBNull → null).</summary>
    internal object? WireValue => TypedWireValue(Value is DBNull ? null : Value);
}
