using System.Data;
using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// The constructors SAP's provider (Sap.Data.Hana) has beyond () and (name, value), the HanaDbType property that
// follows DbType both ways, and the properties the longest constructor sets that DbParameter does not keep
// (Precision, Scale, SourceVersion: its defaults drop what is set).
public sealed partial class HanaParameter
{
    private HanaDbType? _hanaDbType;

    /// <summary>Creates a parameter of a HANA type, without a value (NULL).</summary>
    /// <param name="parameterName">A name for the caller's benefit (named markers bind by it, <c>?</c> by position).</param>
    /// <param name="dbType">The HANA type the value is sent as (<see cref="HanaDbType"/>).</param>
    public HanaParameter(string? parameterName, HanaDbType dbType)
    {
        ParameterName = parameterName;
        HanaDbType = dbType;
    }

    /// <summary>Creates a parameter of a HANA type with a size, without a value (NULL).</summary>
    /// <param name="parameterName">A name for the caller's benefit (named markers bind by it, <c>?</c> by position).</param>
    /// <param name="dbType">The HANA type the value is sent as (<see cref="HanaDbType"/>).</param>
    /// <param name="size">The size (<see cref="Size"/>), informational: the server's metadata bounds the length.</param>
    public HanaParameter(string? parameterName, HanaDbType dbType, int size)
        : this(parameterName, dbType)
    {
        Size = size;
    }

    /// <summary>Creates a parameter of a HANA type with a size and the data adapter's source column.</summary>
    /// <param name="parameterName">A name for the caller's benefit (named markers bind by it, <c>?</c> by position).</param>
    /// <param name="dbType">The HANA type the value is sent as (<see cref="HanaDbType"/>).</param>
    /// <param name="size">The size (<see cref="Size"/>), informational: the server's metadata bounds the length.</param>
    /// <param name="sourceColumn">The DataTable column a data adapter takes the value from (<see cref="SourceColumn"/>).</param>
    public HanaParameter(string? parameterName, HanaDbType dbType, int size, string? sourceColumn)
        : this(parameterName, dbType, size)
    {
        SourceColumn = sourceColumn;
    }

    /// <summary>Creates a parameter with every property SAP's provider's longest constructor sets.</summary>
    /// <param name="parameterName">A name for the caller's benefit (named markers bind by it, <c>?</c> by position).</param>
    /// <param name="dbType">The HANA type the value is sent as (<see cref="HanaDbType"/>).</param>
    /// <param name="size">The size (<see cref="Size"/>), informational: the server's metadata bounds the length.</param>
    /// <param name="direction">The direction (<see cref="Direction"/>).</param>
    /// <param name="isNullable">Whether the value may be NULL (<see cref="IsNullable"/>).</param>
    /// <param name="precision">The precision (<see cref="System.Data.Common.DbParameter.Precision"/>), informational.</param>
    /// <param name="scale">The scale (<see cref="System.Data.Common.DbParameter.Scale"/>), informational: a DECIMAL column's scale decides.</param>
    /// <param name="sourceColumn">The DataTable column a data adapter takes the value from (<see cref="SourceColumn"/>).</param>
    /// <param name="sourceVersion">Which version of the DataRow a data adapter takes (<see cref="System.Data.Common.DbParameter.SourceVersion"/>).</param>
    /// <param name="value">The value; null or <see cref="DBNull"/> sends NULL.</param>
    public HanaParameter(string? parameterName, HanaDbType dbType, int size, ParameterDirection direction, bool isNullable,
        byte precision, byte scale, string? sourceColumn, DataRowVersion sourceVersion, object? value)
        : this(parameterName, dbType, size, sourceColumn)
    {
        Direction = direction;
        IsNullable = isNullable;
        Precision = precision;
        Scale = scale;
        SourceVersion = sourceVersion;
        Value = value;
    }

    /// <summary>
    /// The HANA type of the parameter. Set (here or by a constructor), the value is converted to this type and sent
    /// as it: the server converts it to the type its statement declared, as for SAP's provider (a type code of the same
    /// SQL type as the declared one is kept as declared). Setting it sets <see cref="DbType"/> to the matching
    /// <see cref="System.Data.DbType"/>; setting <see cref="DbType"/> makes this the matching HANA type (informational:
    /// only a HanaDbType set here chooses the wire type); unset, it is inferred from the value (docs/types.md).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a member of <see cref="HanaDbType"/>.</exception>
    public HanaDbType HanaDbType
    {
        get => _hanaDbType ?? (_dbType is { } dbType ? HanaDbTypeMap.FromDbType(dbType) : HanaDbTypeMap.Infer(Value));
        set
        {
            if (!HanaDbTypeMap.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Not a HanaDbType member.");
            }
            _hanaDbType = value;
            _dbType = HanaDbTypeMap.ToDbType(value);
        }
    }

    /// <summary>Digits of a decimal value, kept for the caller and the data adapter (the server's metadata decides what is sent).</summary>
    public override byte Precision { get; set; }

    /// <summary>Decimal places, kept for the caller and the data adapter (a DECIMAL column's declared scale decides what is sent).</summary>
    public override byte Scale { get; set; }

    /// <summary>Which version of the DataRow a data adapter takes the value from (default <see cref="DataRowVersion.Current"/>).</summary>
    public override DataRowVersion SourceVersion { get; set; } = DataRowVersion.Current;

    /// <summary>The value as the row writer takes it: DBNull as null, and with the type the caller set.</summary>
    private object? TypedWireValue(object? value) =>
        _hanaDbType is { } type ? HanaDbTypeMap.ToWireValue(type, value) : value;
}
