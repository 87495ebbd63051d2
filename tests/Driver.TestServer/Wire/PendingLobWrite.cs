using Driver.Core.Types;

namespace Driver.TestServer.Wire;

/// <summary>An EXECUTE whose LOB parameters wait for WRITELOB chunks (§10.2); it runs once the last chunk is in.</summary>
internal sealed class PendingLobWrite
{
    private readonly List<Incomplete> _incomplete = new();

    public PendingLobWrite(ServerStatement statement, List<object?[]> rows)
    {
        Statement = statement;
        Rows = rows;
    }

    public ServerStatement Statement { get; }
    public List<object?[]> Rows { get; }
    public bool AutoCommit { get; set; }

    public void AddIncomplete(long locator, int row, int column, bool isText, ReadOnlySpan<byte> firstChunk)
    {
        var data = new MemoryStream();
        data.Write(firstChunk);
        _incomplete.Add(new Incomplete(locator, row, column, isText, data));
    }

    /// <summary>§6.28: offsets 0 and -1 both mean append; the chunks of one LOB come in order.</summary>
    public void Append(long locator, ReadOnlySpan<byte> data, bool last)
    {
        var target = _incomplete.Find(item => item.Locator == locator)
            ?? throw new Wire.ServerError(2, $"general error: unknown LOB locator {locator}");
        if (target.Complete)
        {
            throw new Wire.ServerError(2, $"general error: LOB locator {locator} already received its last chunk");
        }
        target.Data.Write(data);
        target.Complete = last;
    }

    /// <summary>Locators still waiting for data, in parameter order (§6.29).</summary>
    public long[] IncompleteLocators() => _incomplete.Where(item => !item.Complete).Select(item => item.Locator).ToArray();

    public List<object?[]> CompleteRows()
    {
        foreach (var item in _incomplete)
        {
            var bytes = item.Data.ToArray();
            Rows[item.Row][item.Column] = item.IsText ? Cesu8.Decode(bytes) : bytes;
        }
        return Rows;
    }

    private sealed class Incomplete(long locator, int row, int column, bool isText, MemoryStream data)
    {
        public long Locator { get; } = locator;
        public int Row { get; } = row;
        public int Column { get; } = column;
        public bool IsText { get; } = isText;
        public MemoryStream Data { get; } = data;
        public bool Complete { get; set; }
    }
}
