namespace Driver.Core.Session;

/// <summary>
/// Data read from the caller's <see cref="System.IO.Stream"/> or <see cref="TextReader"/> (a LOB parameter, §10.2)
/// until a chunk, or the whole value, is in. The loop is the workflow's and written once (<see cref="Reads"/>: one
/// <see cref="Step.Read"/> per read while more input is needed); the flavored part is the leaf, one read of the source
/// into the room the subclass names, which the pump calls (ConnectionCore.Pump.cs).
/// </summary>
internal abstract class CallerDataFill : IFillable
{
    private readonly Stream? _stream;
    private readonly TextReader? _text;

    protected CallerDataFill(Stream? stream, TextReader? text)
    {
        _stream = stream;
        _text = text;
    }

    /// <summary>More must be read before the chunk or value is complete.</summary>
    protected abstract bool NeedsInput { get; }

    /// <summary>Where the next read of the stream goes (binary sources).</summary>
    protected virtual ArraySegment<byte> ByteRoom => default;

    /// <summary>Where the next read of the text reader goes (character sources).</summary>
    protected virtual ArraySegment<char> CharRoom => default;

    /// <summary>Takes what the read put into the room: bytes or characters; 0 means the source ended.</summary>
    protected abstract void Accept(int read);

    /// <summary>Before the first read of a fill.</summary>
    protected virtual void BeginFill()
    {
    }

    /// <summary>After the last read of a fill.</summary>
    protected virtual void EndFill()
    {
    }

    /// <summary>The steps of one fill: a read of the caller's data each, as long as more input is needed.</summary>
    public IEnumerable<Step> Reads()
    {
        BeginFill();
        while (NeedsInput)
        {
            yield return Step.Read(this);
        }
        EndFill();
    }

#if SYNC
    public void FillSync() => Accept(_stream?.Read(ByteRoom.Array!, ByteRoom.Offset, ByteRoom.Count) ?? _text!.Read(CharRoom.Array!, CharRoom.Offset, CharRoom.Count));
#else
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        // a TextReader's ReadAsync takes no token: the caller's cancel is seen between reads
        cancellationToken.ThrowIfCancellationRequested();
        Accept(_stream is { } stream
            ? await stream.ReadAsync(ByteRoom.Array!, ByteRoom.Offset, ByteRoom.Count, cancellationToken).ConfigureAwait(false)
            : await _text!.ReadAsync(CharRoom.Array!, CharRoom.Offset, CharRoom.Count).ConfigureAwait(false));
    }
#endif
}
