using Driver.Core.Session;
using Driver.Core.Types;

namespace Driver.Core.Api;

/// <summary>
/// Decodes a character LOB (§10.1) chunk by chunk: CESU-8 bytes from the <see cref="LobReaderCore"/>, with an
/// incomplete sequence or a high surrogate at a chunk's end carried over to the next (§5.5).
/// Each member is written once: Driver.Sync reads block (READLOB through the pump); Driver.Async supports only the
/// ReadAsync / ReadToEndAsync members, which run the same fill workflow awaiting.
/// </summary>
internal sealed class LobTextReader : TextReader
{
    private readonly LobReaderCore _lob;
    private readonly byte[] _bytes = new byte[64 * 1024 + 8];
    private int _carry;
    private string _chars = string.Empty;
    private int _charPosition;

    public LobTextReader(LobReaderCore lob)
    {
        _lob = lob;
    }

    private bool HasChars => _charPosition < _chars.Length;

    /// <summary>Nothing decoded is left and nothing more will come.</summary>
    private bool AtEnd => !HasChars && _lob.IsFinished && _carry == 0;

    /// <summary>Decodes what the LOB reader holds (never fetches).</summary>
    private void DecodeAvailable()
    {
        _carry += _lob.Take(_bytes.AsSpan(_carry, _bytes.Length - _carry));
        var pending = _bytes.AsSpan(0, _carry);
        var tail = _lob.IsFinished ? 0 : Cesu8.GetIncompleteTailLength(pending);
        _chars = Cesu8.Decode(pending.Slice(0, pending.Length - tail));
        _charPosition = 0;
        pending.Slice(pending.Length - tail).CopyTo(_bytes);
        _carry = tail;
    }

    private int CopyChars(Span<char> destination)
    {
        var count = Math.Min(destination.Length, _chars.Length - _charPosition);
        _chars.AsSpan(_charPosition, count).CopyTo(destination);
        _charPosition += count;
        return count;
    }

    private static void CheckArguments(char[] buffer, int index, int count)
    {
        if (buffer is null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }
        if (index < 0 || count < 0 || index > buffer.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "index and count must lie within the buffer.");
        }
    }

    /// <summary>Decodes what has arrived until characters are available; true when a READLOB must come first.</summary>
    private bool NeedsFetch()
    {
        while (!HasChars && !AtEnd)
        {
            if (_lob.NeedsFetch)
            {
                return true;
            }
            DecodeAvailable();
        }
        return false;
    }

    /// <summary>Makes characters available, fetching through the blocking pump; false at the end of the LOB.</summary>
    private bool Fill()
    {
        while (NeedsFetch())
        {
            _lob.Connection.Run(_lob.Fill);
        }
        return HasChars;
    }

    private void TakeAll(System.Text.StringBuilder text)
    {
        text.Append(_chars, _charPosition, _chars.Length - _charPosition);
        _charPosition = _chars.Length;
    }

    // Driver.Sync blocks for the next chunk; Driver.Async refuses these unless the characters are here (Peek)
    public override int Peek()
    {
        if (!HasChars)
        {
            AsyncOnly.Refuse("TextReader.Peek on a LOB", "ReadAsync");
        }
        return Fill() ? _chars[_charPosition] : -1;
    }

    public override int Read()
    {
        AsyncOnly.Refuse("TextReader.Read on a LOB", "ReadAsync");
        return Fill() ? _chars[_charPosition++] : -1;
    }

    public override int Read(char[] buffer, int index, int count)
    {
        AsyncOnly.Refuse("TextReader.Read on a LOB", "ReadAsync");
        CheckArguments(buffer, index, count);
        return count == 0 || !Fill() ? 0 : CopyChars(buffer.AsSpan(index, count));
    }

    public override string ReadToEnd()
    {
        AsyncOnly.Refuse("TextReader.ReadToEnd on a LOB", "ReadToEndAsync");
        var text = new System.Text.StringBuilder();
        while (Fill())
        {
            TakeAll(text);
        }
        return text.ToString();
    }

#if ASYNC
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        while (NeedsFetch())
        {
            await _lob.Connection.RunAsync(_lob.Fill, cancellationToken).ConfigureAwait(false);
        }
        return HasChars;
    }

    public override async Task<int> ReadAsync(char[] buffer, int index, int count)
    {
        CheckArguments(buffer, index, count);
        return count == 0 || !await FillAsync(CancellationToken.None).ConfigureAwait(false) ? 0 : CopyChars(buffer.AsSpan(index, count));
    }

    public override async Task<int> ReadBlockAsync(char[] buffer, int index, int count)
    {
        CheckArguments(buffer, index, count);
        var total = 0;
        while (total < count && await FillAsync(CancellationToken.None).ConfigureAwait(false))
        {
            total += CopyChars(buffer.AsSpan(index + total, count - total));
        }
        return total;
    }

    public override Task<string> ReadToEndAsync() => ReadToEndCoreAsync(CancellationToken.None);

#if NET
    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty || !await FillAsync(cancellationToken).ConfigureAwait(false) ? 0 : CopyChars(buffer.Span);

    public override Task<string> ReadToEndAsync(CancellationToken cancellationToken) => ReadToEndCoreAsync(cancellationToken);
#endif

    private async Task<string> ReadToEndCoreAsync(CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        while (await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            TakeAll(text);
        }
        return text.ToString();
    }
#endif
}
