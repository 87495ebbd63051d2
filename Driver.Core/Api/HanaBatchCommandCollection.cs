#if NET6_0_OR_GREATER
using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>The statements of a <see cref="HanaBatch"/>, run in this order.</summary>
public sealed class HanaBatchCommandCollection : DbBatchCommandCollection
{
    private readonly List<HanaBatchCommand> _items = new();

    internal HanaBatchCommandCollection()
    {
    }

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <inheritdoc />
    public override bool IsReadOnly => false;

    /// <summary>The statement at <paramref name="index"/>.</summary>
    public new HanaBatchCommand this[int index]
    {
        get => _items[index];
        set => _items[index] = Cast(value);
    }

    /// <summary>Adds a statement with this text and returns it (add its parameters next).</summary>
    public HanaBatchCommand Add(string commandText)
    {
        var command = new HanaBatchCommand(commandText);
        _items.Add(command);
        return command;
    }

    /// <inheritdoc />
    public override void Add(DbBatchCommand item) => _items.Add(Cast(item));

    /// <inheritdoc />
    public override void Clear() => _items.Clear();

    /// <inheritdoc />
    public override bool Contains(DbBatchCommand item) => item is HanaBatchCommand command && _items.Contains(command);

    /// <inheritdoc />
    public override void CopyTo(DbBatchCommand[] array, int arrayIndex)
    {
        if (array is null)
        {
            throw new ArgumentNullException(nameof(array));
        }
        for (var i = 0; i < _items.Count; i++)
        {
            array[arrayIndex + i] = _items[i];
        }
    }

    /// <inheritdoc />
    public override IEnumerator<DbBatchCommand> GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override int IndexOf(DbBatchCommand item) => item is HanaBatchCommand command ? _items.IndexOf(command) : -1;

    /// <inheritdoc />
    public override void Insert(int index, DbBatchCommand item) => _items.Insert(index, Cast(item));

    /// <inheritdoc />
    public override bool Remove(DbBatchCommand item) => item is HanaBatchCommand command && _items.Remove(command);

    /// <inheritdoc />
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc />
    protected override DbBatchCommand GetBatchCommand(int index) => _items[index];

    /// <inheritdoc />
    protected override void SetBatchCommand(int index, DbBatchCommand batchCommand) => _items[index] = Cast(batchCommand);

    /// <summary>A snapshot, so a statement added while the batch runs does not disturb it.</summary>
    internal List<HanaBatchCommand> ToList() => new(_items);

    private static HanaBatchCommand Cast(DbBatchCommand? item) => item switch
    {
        null => throw new ArgumentNullException(nameof(item)),
        HanaBatchCommand command => command,
        _ => throw new InvalidCastException($"A HanaBatch holds HanaBatchCommand objects, not {item.GetType().Name}."),
    };
}
#endif
