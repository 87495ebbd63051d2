#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol.Parts;

/// <summary>One typed value of an option part (docs/protocol.md §5.1).</summary>
internal readonly struct OptionValue : IEquatable<OptionValue>
{
    private readonly long _integer;
    private readonly double _double;
    private readonly object? _reference;

    private OptionValue(OptionValueType type, long integer, double @double, object? reference)
    {
        Type = type;
        _integer = integer;
        _double = @double;
        _reference = reference;
    }

    public OptionValueType Type { get; }

    public static OptionValue Int(int value) => new(OptionValueType.Int, value, 0, null);
    public static OptionValue BigInt(long value) => new(OptionValueType.BigInt, value, 0, null);
    public static OptionValue TinyInt(byte value) => new(OptionValueType.TinyInt, value, 0, null);
    public static OptionValue SmallInt(short value) => new(OptionValueType.SmallInt, value, 0, null);
    public static OptionValue Double(double value) => new(OptionValueType.Double, 0, value, null);
    public static OptionValue Boolean(bool value) => new(OptionValueType.Boolean, value ? 1 : 0, 0, null);
    public static OptionValue String(string value) => new(OptionValueType.String, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));
    public static OptionValue NString(string value) => new(OptionValueType.NString, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));
    public static OptionValue BString(byte[] value) => new(OptionValueType.BString, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public bool IsInteger => Type is OptionValueType.TinyInt or OptionValueType.SmallInt or OptionValueType.Int or OptionValueType.BigInt;

    // option values come from the wire: a type or size other than the option's is the server's fault, a
    // HanaProtocolException like any other malformed reply (never a raw InvalidCastException / OverflowException)

    /// <summary>The value as an integer; booleans give 0/1. Other types throw.</summary>
    public long AsInt64() => IsInteger || Type == OptionValueType.Boolean
        ? _integer
        : throw new HanaProtocolException($"Option value of type {Type} is not an integer.");

    public int AsInt32()
    {
        var value = AsInt64();
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new HanaProtocolException($"Option value {value} does not fit a 32-bit integer.");
    }

    public bool AsBoolean() => Type == OptionValueType.Boolean || IsInteger
        ? _integer != 0
        : throw new HanaProtocolException($"Option value of type {Type} is not a boolean.");

    public double AsDouble() => Type == OptionValueType.Double ? _double : IsInteger ? _integer : throw new HanaProtocolException($"Option value of type {Type} is not a number.");

    public string AsString() => _reference as string ?? throw new HanaProtocolException($"Option value of type {Type} is not a string.");

    public byte[] AsBytes() => _reference as byte[] ?? throw new HanaProtocolException($"Option value of type {Type} is not a byte string.");

    public bool Equals(OptionValue other) =>
        Type == other.Type && _integer == other._integer && _double.Equals(other._double) &&
        (_reference is byte[] a && other._reference is byte[] b ? a.AsSpan().SequenceEqual(b) : Equals(_reference, other._reference));

    public override bool Equals(object? obj) => obj is OptionValue other && Equals(other);

    public override int GetHashCode() => ((int)Type * 397) ^ _integer.GetHashCode() ^ _double.GetHashCode() ^ (_reference is string s ? s.GetHashCode() : 0);

    public override string ToString() => Type switch
    {
        OptionValueType.Double => _double.ToString(System.Globalization.CultureInfo.InvariantCulture),
        OptionValueType.Boolean => _integer != 0 ? "true" : "false",
        OptionValueType.String or OptionValueType.NString => (string)_reference!,
        OptionValueType.BString => BitConverter.ToString((byte[])_reference!).Replace("-", string.Empty),
        _ => _integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
