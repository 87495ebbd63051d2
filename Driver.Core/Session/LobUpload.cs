using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;

namespace Driver.Core.Session;

/// <summary>
/// An EXECUTE whose LOB parameters are streamed (§10.2): each streamed LOB sends its first chunk inline with the
/// row (descriptor without the last-data bit), the reply's WRITELOBREPLY names their locators (§6.29), and WRITELOB
/// requests (§6.28) append the rest a chunk at a time, so memory stays bounded by the chunk size.
/// Streamed are <see cref="Stream"/> and <see cref="TextReader"/> values and byte[] / string values longer than a
/// chunk. Only the last row of a batch may stream (§10.2); a Stream or TextReader in an earlier row is read whole
/// and sent inline.
/// In auto-commit mode the EXECUTE goes out with commit flag 0 and a COMMIT follows the last WRITELOB, or a
/// ROLLBACK a failure (what node-hdb does, §9.4): the statement is not complete before its last chunk.
/// In an explicit transaction a failure leaves the rollback to the caller.
/// </summary>
internal sealed class LobUpload
{
    private readonly PreparedStatementCore _statement;
    private readonly List<object?[]> _rows;
    private readonly List<LobChunkSource> _sources;
    private readonly List<(int Row, int Index)> _readWhole;

    private LobUpload(PreparedStatementCore statement, List<object?[]> rows, List<LobChunkSource> sources, List<(int Row, int Index)> readWhole)
    {
        _statement = statement;
        _rows = rows;
        _sources = sources;
        _readWhole = readWhole;
    }

    /// <summary>The upload for <paramref name="rows"/>, or null when every value goes inline as it is.</summary>
    public static LobUpload? Create(PreparedStatementCore statement, IReadOnlyList<object?[]> rows, int chunkSize = LobChunkSource.DefaultChunkSize)
    {
        var lobInputs = LobInputs(statement.Parameters);
        if (lobInputs.Count == 0 || rows.Count == 0)
        {
            return null;
        }
        List<object?[]>? copy = null;
        var sources = new List<LobChunkSource>();
        var readWhole = new List<(int Row, int Index)>();
        var last = rows.Count - 1;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            foreach (var (index, type) in lobInputs)
            {
                if (index >= row.Length)
                {
                    continue; // ParameterRowWriter reports the count mismatch
                }
                var value = row[index];
                if (value is TextReader && type is HanaTypeCode.Blob or HanaTypeCode.Locator or HanaTypeCode.BinText)
                {
                    throw new InvalidCastException($"A {type} parameter takes byte[] or Stream, not {value.GetType().Name}.");
                }
                if (r < last)
                {
                    if (value is Stream or TextReader)
                    {
                        readWhole.Add((r, index));
                        copy ??= rows.ToList();
                    }
                    continue;
                }
                LobChunkSource? source = value switch
                {
                    Stream stream => new LobChunkSource(stream, chunkSize),
                    TextReader text => new LobChunkSource(text, chunkSize),
                    byte[] bytes when bytes.Length > chunkSize => new LobChunkSource(new MemoryStream(bytes, writable: false), chunkSize),
                    string text when text.Length > chunkSize / 3 && Cesu8.GetByteCount(text.AsSpan()) > chunkSize => new LobChunkSource(new StringReader(text), chunkSize),
                    _ => null,
                };
                if (source is not null)
                {
                    copy ??= rows.ToList();
                    if (ReferenceEquals(copy[r], rows[r]))
                    {
                        copy[r] = (object?[])row.Clone();
                    }
                    copy[r][index] = source;
                    sources.Add(source);
                }
            }
        }
        return copy is null ? null : new LobUpload(statement, copy, sources, readWhole);
    }

    /// <summary>(value index, type) of every LOB input parameter; values are indexed over the inputs only.</summary>
    private static List<(int Index, HanaTypeCode Type)> LobInputs(ParameterMetadata[] parameters)
    {
        var list = new List<(int, HanaTypeCode)>();
        var index = 0;
        foreach (var parameter in parameters)
        {
            if (!parameter.IsInput)
            {
                continue;
            }
            if (ParameterRowWriter.IsLob(parameter.TypeCode))
            {
                list.Add((index, parameter.TypeCode));
            }
            index++;
        }
        return list;
    }

    private bool Streams => _sources.Exists(source => !source.IsLast);

    /// <summary>Pairs the WRITELOBREPLY locators (parameter order) with the LOBs that still have data.</summary>
    private void AssignLocators(long[] locators)
    {
        var pending = _sources.Where(source => !source.IsLast).ToList();
        if (locators.Length != pending.Count)
        {
            throw new HanaProtocolException($"The EXECUTE reply names {locators.Length} LOB locators for {pending.Count} incomplete LOB parameters (§10.2).");
        }
        for (var i = 0; i < locators.Length; i++)
        {
            pending[i].LocatorId = locators[i];
        }
    }

    private LobChunkSource? NextIncomplete() => _sources.Find(source => !source.IsLast);

    private static void BuildWriteLob(ConnectionCore connection, LobChunkSource source)
    {
        var builder = connection.BeginRequest(MessageType.WriteLob);
        builder.BeginPart(PartKind.WriteLobRequest);
        var options = source.IsLast ? LobOptions.DataIncluded | LobOptions.LastData : LobOptions.DataIncluded;
        // §6.28: offset -1 = append
        LobParts.WriteWriteLobChunk(builder.Writer, source.LocatorId, options, -1, source.Chunk.Span);
        builder.EndPart(1);
    }

    /// <summary>Reads a WRITELOB reply: the locators still waiting and, on the final reply, any ROWSAFFECTED.</summary>
    private static (long[] Remaining, int[] RowsAffected) ReadWriteLobReply(ParsedMessage reply)
    {
        long[] remaining = [];
        int[] rowsAffected = [];
        if (reply.TryGetPart(PartKind.WriteLobReply, out var part))
        {
            remaining = LobParts.ReadWriteLobReply(reply.GetPartSpan(part), part.ArgumentCount);
        }
        if (reply.TryGetPart(PartKind.RowsAffected, out var affected))
        {
            rowsAffected = SimpleParts.ReadRowsAffected(reply.GetPartSpan(affected), affected.ArgumentCount);
        }
        return (remaining, rowsAffected);
    }

    private static void CheckFinished(long[] remaining)
    {
        if (remaining.Length > 0)
        {
            throw new HanaProtocolException($"Every LOB was sent to its end, yet the server still waits for {remaining.Length} (§6.29).");
        }
    }

    /// <summary>
    /// The streamed row's count comes from the EXECUTE (HANA 2; may be -1) or from the final WRITELOB reply
    /// (HANA 4, §10.2): a -1 is replaced by what the final reply says.
    /// </summary>
    private static ExecuteResult Completed(ExecuteResult execute, int[] finalRowsAffected)
    {
        if (finalRowsAffected.Length == 0 || execute.RowsAffected.Length == 0 || execute.RowsAffected[execute.RowsAffected.Length - 1] != -1)
        {
            return execute;
        }
        var merged = (int[])execute.RowsAffected.Clone();
        merged[merged.Length - 1] = finalRowsAffected.Sum();
        return new ExecuteResult { FunctionCode = execute.FunctionCode, RowsAffected = merged, ResultSet = execute.ResultSet, PendingLobLocators = [] };
    }

#if SYNC
    public ExecuteResult RunSync(bool autoCommit, int fetchSize)
    {
        foreach (var (row, index) in _readWhole)
        {
            _rows[row] = (object?[])_rows[row].Clone();
            _rows[row][index] = _rows[row][index] switch
            {
                Stream stream => ReadWholeSync(stream),
                TextReader text => text.ReadToEnd(),
                var other => other,
            };
        }
        foreach (var source in _sources)
        {
            source.FillSync();
        }
        var streams = Streams;
        var connection = _statement.Connection;
        StatementRunner.BuildExecute(connection, _statement, _rows, autoCommit && !streams, fetchSize);
        var result = StatementRunner.ReadExecuteReply(connection, connection.RoundTripSync(), _statement, fetchSize, StatementRunner.ParameterRows(_statement, _rows));
        if (!streams)
        {
            return result;
        }
        try
        {
            AssignLocators(result.PendingLobLocators);
            var final = (Remaining: result.PendingLobLocators, RowsAffected: Array.Empty<int>());
            while (NextIncomplete() is { } source)
            {
                source.FillSync();
                BuildWriteLob(connection, source);
                final = ReadWriteLobReply(connection.RoundTripSync());
            }
            CheckFinished(final.Remaining);
            if (autoCommit)
            {
                StatementRunner.CommitSync(connection);
            }
            return Completed(result, final.RowsAffected);
        }
        catch
        {
            result.ResultSet?.Dispose();
            if (autoCommit && !connection.IsBroken)
            {
                try
                {
                    StatementRunner.RollbackSync(connection);
                }
                catch (HanaException)
                {
                    // the original failure is what the caller needs to see
                }
            }
            throw;
        }
    }

    private static byte[] ReadWholeSync(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
#endif

#if ASYNC
    public async ValueTask<ExecuteResult> RunAsync(bool autoCommit, int fetchSize, CancellationToken cancellationToken)
    {
        foreach (var (row, index) in _readWhole)
        {
            _rows[row] = (object?[])_rows[row].Clone();
            _rows[row][index] = _rows[row][index] switch
            {
                Stream stream => await ReadWholeAsync(stream, cancellationToken).ConfigureAwait(false),
                TextReader text => await text.ReadToEndAsync().ConfigureAwait(false),
                var other => other,
            };
        }
        foreach (var source in _sources)
        {
            await source.FillAsync(cancellationToken).ConfigureAwait(false);
        }
        var streams = Streams;
        var connection = _statement.Connection;
        StatementRunner.BuildExecute(connection, _statement, _rows, autoCommit && !streams, fetchSize);
        var result = StatementRunner.ReadExecuteReply(connection, await connection.RoundTripAsync(cancellationToken).ConfigureAwait(false), _statement, fetchSize, StatementRunner.ParameterRows(_statement, _rows));
        if (!streams)
        {
            return result;
        }
        try
        {
            AssignLocators(result.PendingLobLocators);
            var final = (Remaining: result.PendingLobLocators, RowsAffected: Array.Empty<int>());
            while (NextIncomplete() is { } source)
            {
                await source.FillAsync(cancellationToken).ConfigureAwait(false);
                BuildWriteLob(connection, source);
                final = ReadWriteLobReply(await connection.RoundTripAsync(cancellationToken).ConfigureAwait(false));
            }
            CheckFinished(final.Remaining);
            if (autoCommit)
            {
                await StatementRunner.CommitAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            return Completed(result, final.RowsAffected);
        }
        catch
        {
            result.ResultSet?.Dispose();
            if (autoCommit && !connection.IsBroken)
            {
                try
                {
                    // not the caller's token: a cancelled upload must still be rolled back
                    await StatementRunner.RollbackAsync(connection, CancellationToken.None).ConfigureAwait(false);
                }
                catch (HanaException)
                {
                    // the original failure is what the caller needs to see
                }
            }
            throw;
        }
    }

    private static async ValueTask<byte[]> ReadWholeAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 81920, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }
#endif
}
