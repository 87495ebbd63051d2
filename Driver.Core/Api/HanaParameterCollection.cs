using System.Collections;
using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>The parameters of a <see cref="HanaCommand"/>, bound to the <c>?</c> markers in order.</summary>
public sealed class HanaParameterCollection : DbParameterCollection
{
    private readonly List<HanaParameter> _items = new();

    internal HanaParameterCollection()
    {
    }

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <inheritdoc />
    public override object SyncRoot => ((ICollection)_items).SyncRoot;

    /// <summary>The parameter at <paramref name="index"/>.</summary>
    public new HanaParameter this[int index]
    {
        get => _items[index];
        set => _items[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Adds a parameter with this value (positional) and returns it.</summary>
    public HanaParameter AddWithValue(object? value) => Add(new HanaParameter(null, value));

    /// <summary>Adds a parameter with a name (informational) and a value and returns it.</summary>
    public HanaParameter AddWithValue(string? parameterName, object? value) => Add(new HanaParameter(parameterName, value));

    /// <summary>Adds <paramref name="parameter"/> and returns it.</summary>
    public HanaParameter Add(HanaParameter parameter)
    {
        _items.Add(parameter ?? throw new ArgumentNullException(nameof(parameter)));
        return parameter;
    }

    /// <inheritdoc />
    public override int Add(object value)
    {
        _items.Add(Cast(value));
        return _items.Count - 1;
    }

    /// <inheritdoc />
    public override void AddRange(Array values)
    {
        foreach (var value in values)
        {
            Add(value!);
        }
    }

    /// <inheritdoc />
    public override void Clear() => _items.Clear();

    /// <inheritdoc />
    public override bool Contains(object value) => value is HanaParameter parameter && _items.Contains(parameter);

    /// <inheritdoc />
    public override bool Contains(string value) => IndexOf(value) >= 0;

    /// <inheritdoc />
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override int IndexOf(object value) => value is HanaParameter parameter ? _items.IndexOf(parameter) : -1;

    /// <inheritdoc />
    public override int IndexOf(string parameterName) => _items.FindIndex(p => string.Equals(p.ParameterName, parameterName, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override void Insert(int index, object value) => _items.Insert(index, Cast(value));

    /// <inheritdoc />
    public override void Remove(object value) => _items.Remove(Cast(value));

    /// <inheritdoc />
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc />
    public override void RemoveAt(string parameterName)
    {
        var index = IndexOf(parameterName);
        if (index < 0)
        {
            throw new ArgumentException($"No parameter named '{parameterName}'.", nameof(parameterName));
        }
        _items.RemoveAt(index);
    }

    /// <inheritdoc />
    protected override DbParameter GetParameter(int index) => _items[index];

    /// <inheritdoc />
    protected override DbParameter GetParameter(string parameterName)
    {
        var index = IndexOf(parameterName);
        return index >= 0 ? _items[index] : throw new ArgumentException($"No parameter named '{parameterName}'.", nameof(parameterName));
    }

    /// <inheritdoc />
    protected override void SetParameter(int index, DbParameter value) => _items[index] = Cast(value);

    /// <inheritdoc />
    protected override void SetParameter(string parameterName, DbParameter value)
    {
        var index = IndexOf(parameterName);
        if (index < 0)
        {
            throw new ArgumentException($"No parameter named '{parameterName}'.", nameof(parameterName));
        }
        _items[index] = Cast(value);
    }

    /// <summary>The values in order, as one PARAMETERS row (§6.24); into <paramref name="reuse"/> when it has the length.</summary>
    internal object?[] ToRow(object?[]? reuse = null)
    {
        var row = reuse is not null && reuse.Length == _items.Count ? reuse : new object?[_items.Count];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = _items[i].WireValue;
        }
        return row;
    }

    private static HanaParameter Cast(object? value) => value as HanaParameter
        ?? throw new InvalidCastException($"A HanaParameterCollection holds HanaParameter objects, not {value?.GetType().Name ?? "null"}.");
}
