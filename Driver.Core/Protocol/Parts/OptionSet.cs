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

    public int GetInt32(int id, int defaultValue) => TryGet(id, out var value) ? value.AsInt32() : defaultValue;
    public long GetInt64(int id, long defaultValue) => TryGet(id, out var value) ? value.AsInt64() : defaultValue;
    public bool GetBoolean(int id, bool defaultValue) => TryGet(id, out var value) ? value.AsBoolean() : defaultValue;
    public string? GetString(int id) => TryGet(id, out var value) && value.Type is OptionValueType.String or OptionValueType.NString ? value.AsString() : null;
    public byte[]? GetBytes(int id) => TryGet(id, out var value) && value.Type == OptionValueType.BString ? value.AsBytes() : null;
}
