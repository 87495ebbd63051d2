#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol.Parts;

/// <summary>
/// The options of one option part (§5.1) in wire order. Order is irrelevant to readers, so a later
/// <see cref="Set"/> of an existing id replaces the value in place.
/// </summary>
internal sealed class OptionSet
{
    private readonly List<KeyValuePair<sbyte, OptionValue>> _items = new();

    public int Count => _items.Count;
    public IReadOnlyList<KeyValuePair<sbyte, OptionValue>> Items => _items;

    public OptionSet Set(int id, OptionValue value)
    {
        var key = checked((sbyte)id);
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key == key)
            {
                _items[i] = new KeyValuePair<sbyte, OptionValue>(key, value);
                return this;
            }
        }
        _items.Add(new KeyValuePair<sbyte, OptionValue>(key, value));
        return this;
    }

    public void Add(int id, OptionValue value) => _items.Add(new KeyValuePair<sbyte, OptionValue>(checked((sbyte)id), value));

    public bool Remove(int id) => _items.RemoveAll(item => item.Key == id) > 0;

    public bool TryGet(int id, out OptionValue value)
    {
        foreach (var item in _items)
        {
            if (item.Key == id)
            {
                value = item.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    public bool Contains(int id) => TryGet(id, out _);

    // The typed getters read options as they arrived (a CONNECT reply, TRANSACTIONFLAGS, a client's request): a value
    // of another type, or an integer beyond the getter's range, is the peer breaking §5.1, not a caller's mistake.

    public int GetInt32(int id, int defaultValue)
    {
        if (!TryGet(id, out var value))
        {
            return defaultValue;
        }
        var number = Integer(id, value);
        return number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw new HanaProtocolException($"Option {id} holds {number}, beyond the 4-byte integer it stands for.");
    }

    public long GetInt64(int id, long defaultValue) => TryGet(id, out var value) ? Integer(id, value) : defaultValue;

    public bool GetBoolean(int id, bool defaultValue) => TryGet(id, out var value) ? Integer(id, value) != 0 : defaultValue;

    private static long Integer(int id, OptionValue value) => value.IsInteger || value.Type == OptionValueType.Boolean
        ? value.AsInt64()
        : throw new HanaProtocolException($"Option {id} is of type {value.Type} where a number or boolean is expected.");

    public string? GetString(int id) => TryGet(id, out var value) && value.Type is OptionValueType.String or OptionValueType.NString ? value.AsString() : null;
    public byte[]? GetBytes(int id) => TryGet(id, out var value) && value.Type == OptionValueType.BString ? value.AsBytes() : null;
}
