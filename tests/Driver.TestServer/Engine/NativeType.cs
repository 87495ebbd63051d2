using DuckDB.NET.Native;

namespace Driver.TestServer.Engine;

/// <summary>DuckDB's logical type of a value: the type id plus, for DECIMAL, width, scale and the physical integer type.</summary>
internal readonly record struct NativeType(DuckDBType Type, byte Width = 0, byte Scale = 0, DuckDBType DecimalStorage = DuckDBType.Invalid)
{
    public bool IsResolved => Type != DuckDBType.Invalid;

    /// <summary>Reads a logical type handle (destroys nothing; the caller owns the handle).</summary>
    public static NativeType From(DuckDBLogicalType logicalType)
    {
        if (logicalType.IsInvalid)
        {
            return default;
        }

        var type = NativeMethods.LogicalType.DuckDBGetTypeId(logicalType);
        if (type == DuckDBType.Decimal)
        {
            return new NativeType(type, NativeMethods.LogicalType.DuckDBDecimalWidth(logicalType),
                NativeMethods.LogicalType.DuckDBDecimalScale(logicalType),
                NativeMethods.LogicalType.DuckDBDecimalInternalType(logicalType));
        }

        return new NativeType(type);
    }

    public override string ToString() => Type == DuckDBType.Decimal ? $"Decimal({Width},{Scale})" : Type.ToString();
}
