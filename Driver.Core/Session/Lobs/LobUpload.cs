using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

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
internal sealed class LobUpload : Workflow<ExecuteResult>
{
    private readonly PreparedStatementCore _statement;
    private readonly List<object?[]> _rows;
    private readonly List<LobChunkSource> _sources;
    private readonly List<(int Row, int Index)> _readWhole;
    private readonly bool _autoCommit;
    private readonly int _fetchSize;
    // the EXECUTE went out without its commit and the LOBs are being streamed: a failure now rolls back (auto-commit)
    private bool _streaming;
    private ExecuteResult? _executed;

    private LobUpload(PreparedStatementCore statement, List<object?[]> rows, List<LobChunkSource> sources, List<(int Row, int Index)> readWhole,
        bool autoCommit, int fetchSize, TimeSpan timeout)
        : base(timeout)
    {
        _statement = statement;
        _rows = rows;
        _sources = sources;
        _readWhole = readWhole;
        _autoCommit = autoCommit;
        _fetchSize = fetchSize;
    }

    /// <summary>The upload for <paramref name="rows"/>, or null when every value goes inline as it is.</summary>
    public static LobUpload? Create(PreparedStatementCore statement, IReadOnlyList<object?[]> rows, bool autoCommit, int fetchSize, TimeSpan timeout,
        int chunkSize = LobChunkSource.DefaultChunkSize)
    {
        // every prepared EXECUTE asks: a statement without LOB parameters (a point select) allocates nothing here
        if (LobInputs(statement.Parameters) is not { } lobInputs || rows.Count == 0)
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
        return copy is null ? null : new LobUpload(statement, copy, sources, readWhole, autoCommit, fetchSize, timeout);
    }

    /// <summary>(value index, type) of every LOB input parameter, null when there is none; values are indexed over the inputs only.</summary>
    private static List<(int Index, HanaTypeCode Type)>? LobInputs(ParameterMetadata[] parameters)
    {
        List<(int, HanaTypeCode)>? list = null;
        var index = 0;
        foreach (var parameter in parameters)
        {
            if (!parameter.IsInput)
            {
                continue;
            }
            if (ParameterRowWriter.IsLob(parameter.TypeCode))
            {
                (list ??= []).Add((index, parameter.TypeCode));
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

    private static Request BuildWriteLob(ConnectionCore connection, LobChunkSource source)
    {
        var request = connection.NewRequest(MessageType.WriteLob);
        request.BeginPart(PartKind.WriteLobRequest);
        var options = source.IsLast ? LobOptions.DataIncluded | LobOptions.LastData : LobOptions.DataIncluded;
        // §6.28: offset -1 = append
        LobParts.WriteWriteLobChunk(request.Writer, source.LocatorId, options, -1, source.Chunk.Span);
        request.EndPart(1);
        return request;
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
        return new ExecuteResult { FunctionCode = execute.FunctionCode, RowsAffected = merged, ResultSets = execute.ResultSets, OutputParameters = execute.OutputParameters, PendingLobLocators = [] };
    }

    public override IEnumerable<Step> Steps(ConnectionCore connection)
    {
        // a Stream or TextReader in an earlier row of a batch is read whole and sent inline (§10.2)
        foreach (var (row, index) in _readWhole)
        {
            var whole = new WholeValue(_rows[row][index]);
            foreach (var read in whole.Reads())
            {
                yield return read;
            }
            _rows[row] = (object?[])_rows[row].Clone();
            _rows[row][index] = whole.Value;
        }
        foreach (var source in _sources)
        {
            foreach (var read in source.Reads())
            {
                yield return read;
            }
        }
        var streams = Streams;
        yield return Step.Send(StatementRunner.BuildExecute(connection, _statement, _rows, _autoCommit && !streams, _fetchSize));
        var result = StatementRunner.ReadExecuteReply(connection, Reply, _statement, _fetchSize, StatementRunner.ParameterRows(_statement, _rows), Timeout);
        if (!streams)
        {
            Result = result;
            yield break;
        }
        _executed = result;
        _streaming = true;
        AssignLocators(result.PendingLobLocators);
        var final = (Remaining: result.PendingLobLocators, RowsAffected: Array.Empty<int>());
        while (NextIncomplete() is { } source)
        {
            foreach (var read in source.Reads())
            {
                yield return read;
            }
            yield return Step.Send(BuildWriteLob(connection, source));
            final = ReadWriteLobReply(Reply);
            if (final.Remaining.Length == 0 && NextIncomplete() is null && _statement.FunctionCode is FunctionCode.DbProcedureCall or FunctionCode.DbProcedureCallWithResult)
            {
                // a CALL answers its OUT values and result sets with the last WRITELOB (§17), not with the EXECUTE
                _called = StatementRunner.ReadExecuteReply(connection, Reply, _statement, _fetchSize, timeout: Timeout);
            }
        }
        CheckFinished(final.Remaining);
        if (_autoCommit)
        {
            yield return Step.Send(connection.NewRequest(MessageType.Commit));
        }
        Result = Completed(result, final.RowsAffected);
        if (_called is { } called)
        {
            _called = null;
            Result = new ExecuteResult
            {
                FunctionCode = called.FunctionCode, RowsAffected = Result.RowsAffected, ResultSets = [.. Result.ResultSets, .. called.ResultSets],
                OutputParameters = called.OutputParameters ?? Result.OutputParameters, PendingLobLocators = [],
            };
        }
    }

    // the results of a CALL read from its last WRITELOB reply, released if the upload fails after it
    private ExecuteResult? _called;

    /// <summary>
    /// In auto-commit mode a failure while streaming rolls the statement back (what node-hdb does, §9.4); in an
    /// explicit transaction the rollback is the caller's. The result set of a failed upload is released.
    /// </summary>
    public override Request? AfterFailure(ConnectionCore connection, Exception exception)
    {
        _executed?.DisposeResultSets();
        _called?.DisposeResultSets();
        return _streaming && _autoCommit && !connection.IsBroken ? connection.NewRequest(MessageType.Rollback) : null;
    }
}
